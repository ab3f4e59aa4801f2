/**
 * A household transferred together, or parted by a transfer, on the server (each
 * database): the records the phone writes (transferRecords, the transfer panel's) pass
 * as one push; each case moves with its history; the trace of the members who stayed
 * follows the case that moved, and the trace of the one who moved stays with them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { transferRecords } from '@/features/case-file/transfer-records'
import type { CaseEvent } from '@/shared/schemas/case-event'
import type { NamedRegistration } from '@/shared/schemas/registration'
import type { Change } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { caseEvent } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const groupId = '01890000-0000-7000-8000-0000000000cc'

function household(): { mother: NamedRegistration; children: NamedRegistration[] } {
  const member = (givenName: string, dateOfBirth: string, relationship: 'head' | 'child') =>
    namedRegistration({ givenName, familyName: 'Issa', dateOfBirth, household: { groupId, relationship } })
  return {
    mother: member('Hadiza', '1994-02-01', 'head'),
    children: [member('Zara', '2018-05-01', 'child'), member('Amina', '2024-03-01', 'child')],
  }
}

describe.each(TEST_DATABASES)('a household and a transfer on the server (%s)', (database) => {
  let server: TestServer
  let agadez: Session
  /** another phone at Agadez: it pulls what the first one pushed */
  let colleague: Session
  let niamey: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    colleague = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    niamey = await signedInUser(server, admin, 'registrar', ['NIA-TC1'])
  })
  afterAll(() => server.close())

  const registered = async (cases: NamedRegistration[]) => {
    const answer = await pushOk(
      server,
      agadez,
      cases.map((c) => upsert('registration', c)),
    )
    expect(answer.results.map((r) => r.status)).toEqual(cases.map(() => 'applied'))
  }
  const push = (plan: Parameters<typeof transferRecords>[0]) =>
    pushOk(
      server,
      agadez,
      transferRecords(plan, agadez.user.id, new Date()).map(({ entity, data }) =>
        entity === 'registration' ? upsert(entity, data, 1, { changedFields: ['siteCode'] }) : upsert(entity, data),
      ),
    )
  const of = (changes: Change[], id: string) => changes.filter((c) => c.recordId === id)
  const eventsOf = (changes: Change[], registrationId: string): CaseEvent[] =>
    changes.flatMap((c) => {
      const event = c.entity === 'caseEvent' && !c.deleted ? (c.data as CaseEvent | undefined) : undefined
      return event?.registrationId === registrationId ? [event] : []
    })

  it('moves a mother alone: the trace of her children goes with her, hers stays with them', async () => {
    const { mother, children } = household()
    await registered([mother, ...children])
    const agadezBefore = await pullAll(server, colleague)
    const niameyBefore = await pullAll(server, niamey)

    const answer = await push({ moving: [mother], staying: children, toSite: 'NIA-TC1' })
    expect(answer.results.map((r) => r.status)).toEqual(answer.results.map(() => 'applied'))

    const arrived = await pullAll(server, niamey, 500, niameyBefore.cursor)
    expect(of(arrived.changes, mother.id)).toEqual([
      expect.objectContaining({ deleted: false, data: expect.objectContaining({ siteCode: 'NIA-TC1' }) }),
    ])
    for (const child of children) expect(of(arrived.changes, child.id)).toEqual([])
    const hers = eventsOf(arrived.changes, mother.id)
    expect(hers.map((e) => e.kind).sort()).toEqual([
      'household_member_stayed',
      'household_member_stayed',
      'transferred',
    ])
    expect(hers.filter((e) => e.kind === 'household_member_stayed').map((e) => e.recordId)).toEqual(
      expect.arrayContaining(children.map((c) => c.id)),
    )
    expect(hers.every((e) => e.siteCode === 'NIA-TC1')).toBe(true)

    const atAgadez = await pullAll(server, colleague, 500, agadezBefore.cursor)
    expect(of(atAgadez.changes, mother.id)).toEqual([expect.objectContaining({ deleted: true })])
    for (const child of children) {
      expect(eventsOf(atAgadez.changes, child.id)).toEqual([
        expect.objectContaining({
          kind: 'household_member_transferred',
          recordId: mother.id,
          fromSite: 'AGZ-TC',
          toSite: 'NIA-TC1',
          siteCode: 'AGZ-TC',
        }),
      ])
    }
  })

  it('moves a whole household in one push, each case with its own transfer', async () => {
    const { mother, children } = household()
    await registered([mother, ...children])
    const niameyBefore = await pullAll(server, niamey)
    const answer = await push({ moving: [mother, ...children], staying: [], toSite: 'NIA-TC1' })
    expect(answer.results.map((r) => r.status)).toEqual(answer.results.map(() => 'applied'))
    const arrived = await pullAll(server, niamey, 500, niameyBefore.cursor)
    for (const c of [mother, ...children]) {
      expect(of(arrived.changes, c.id)).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ siteCode: 'NIA-TC1' }) }),
      ])
      expect(eventsOf(arrived.changes, c.id)).toEqual([
        expect.objectContaining({ kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'NIA-TC1' }),
      ])
    }
  })

  it('never lets a household event say a member moved where no case may move', async () => {
    const { mother, children } = household()
    await registered([mother, ...children])
    const child = children[0] as NamedRegistration
    const toAPost = await pushOk(server, agadez, [
      upsert(
        'caseEvent',
        caseEvent(child.id, {
          kind: 'household_member_transferred',
          recordId: mother.id,
          fromSite: 'AGZ-TC',
          toSite: 'ARL-FMP',
          sections: undefined,
        }),
      ),
    ])
    expect(toAPost.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['toSite'], code: 'not_an_active_centre' }],
    })
    const unnamed = await pushOk(server, agadez, [
      upsert(
        'caseEvent',
        caseEvent(child.id, {
          kind: 'household_member_transferred',
          fromSite: 'AGZ-TC',
          toSite: 'NIA-TC1',
          sections: undefined,
        }),
      ),
    ])
    expect(unnamed.results[0]).toMatchObject({ status: 'rejected', errors: [{ path: ['recordId'] }] })
  })
})
