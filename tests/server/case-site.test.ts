/**
 * A case's records (assistance, referrals, case events) sit at the case's site: written at
 * another centre, their free text reached people who may not see the case. A user covering
 * two centres could put them there; the server refuses it (`not_at_case_site`, at
 * siteCode), on the version it writes, while a transfer still carries them along and a
 * phone's stale edit at the site the case left still merges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Change, PushResult } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const MISPLACED = {
  status: 'rejected',
  errors: [expect.objectContaining({ path: ['siteCode'], code: 'not_at_case_site' })],
}

describe.each(TEST_DATABASES)("a case's records sit at its site (%s)", (database) => {
  let server: TestServer
  let admin: Session
  let both: Session
  let arlit: Session
  let supervisor: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    both = await signedInUser(server, admin, 'registrar', ['AGZ-TC', 'ARL-TC'])
    arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC'])
  })
  afterAll(() => server.close())

  const results = async (session: Session, mutations: ReturnType<typeof upsert>[]): Promise<PushResult[]> =>
    (await pushOk(server, session, mutations)).results
  const ofCase = (changes: Change[], ids: string[]) => changes.filter((c) => ids.includes(c.recordId))

  it("refuses a case's assistance, referral or event put at another centre of the user's", async () => {
    const person = namedRegistration()
    const help = assistance(person.id, { notes: 'Told us about the road' })
    const sent = referral(person.id, { reason: 'Needs a doctor' })
    await pushOk(server, both, [upsert('registration', person), upsert('assistance', help), upsert('referral', sent)])
    const arlitBefore = await pullAll(server, arlit)

    const answers = await results(both, [
      upsert('assistance', { ...help, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
      upsert('referral', { ...sent, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
      upsert('assistance', assistance(person.id, { siteCode: 'ARL-TC', notes: 'A new note' })),
      upsert('caseEvent', caseEvent(person.id, { siteCode: 'ARL-TC' })),
    ])
    for (const answer of answers) expect(answer).toMatchObject(MISPLACED)

    // Arlit's registrar pulls nothing of the case
    const pulled = await pullAll(server, arlit, 500, arlitBefore.cursor)
    expect(pulled.changes).toEqual([])
    const stored = await server.db
      .selectFrom('records')
      .select('site_code')
      .where('id', 'in', [help.id, sent.id])
      .execute()
    expect(stored.map((row) => row.site_code)).toEqual(['AGZ-TC', 'AGZ-TC'])
  })

  it('still carries the records along with a transfer, those the same batch adds at the site it leaves too', async () => {
    const person = namedRegistration()
    const help = assistance(person.id)
    await pushOk(server, both, [upsert('registration', person), upsert('assistance', help)])
    const event = caseEvent(person.id, { kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'ARL-TC' })
    const late = assistance(person.id)
    const answers = await results(both, [
      upsert('caseEvent', event),
      upsert('registration', { ...person, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
      upsert('assistance', late),
    ])
    expect(answers.map((a) => a.status)).toEqual(['applied', 'applied', 'applied'])
    const pulled = ofCase((await pullAll(server, arlit)).changes, [person.id, help.id, event.id, late.id])
    expect(pulled).toHaveLength(4)
    for (const change of pulled) expect(change).toMatchObject({ deleted: false, data: { siteCode: 'ARL-TC' } })
  })

  it("refuses a phone's new record at the site a case left, and merges its stale edit at the case's new site", async () => {
    const person = namedRegistration()
    const help = assistance(person.id, { notes: 'First note' })
    await pushOk(server, both, [upsert('registration', person), upsert('assistance', help)])
    // another phone moves the case while this one, offline, kept working at Agadez
    await pushOk(server, supervisor, [
      upsert('registration', { ...person, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
    ])
    const answers = await results(both, [
      upsert('assistance', assistance(person.id)),
      upsert('assistance', { ...help, notes: 'Second note' }, 1, { changedFields: ['notes'] }),
    ])
    expect(answers[0]).toMatchObject(MISPLACED)
    expect(answers[1]).toMatchObject({ status: 'merged', data: { siteCode: 'ARL-TC', notes: 'Second note' } })
    // the phone saves its refused assistance again at the case's site: taken
    const rehomed = await results(both, [upsert('assistance', assistance(person.id, { siteCode: 'ARL-TC' }))])
    expect(rehomed[0]).toMatchObject({ status: 'applied' })
  })

  it("refuses a conflict's resolution that would put the record at a site its case left", async () => {
    const person = namedRegistration()
    const help = assistance(person.id, { notes: 'First note' })
    const other = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    await pushOk(server, both, [upsert('registration', person), upsert('assistance', help)])
    await pushOk(server, both, [upsert('assistance', { ...help, notes: 'Mine' }, 1, { changedFields: ['notes'] })])
    const stale = await results(other, [
      upsert('assistance', { ...help, notes: 'Theirs' }, 1, { changedFields: ['notes'] }),
    ])
    expect(stale[0]?.status).toBe('conflict')
    await pushOk(server, supervisor, [
      upsert('registration', { ...person, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
    ])
    const listed = await call<{ id: string; recordId: string }[]>(server, '/api/v1/conflicts', {
      token: supervisor.token,
    })
    const conflict = listed.body.find((c) => c.recordId === help.id)
    const answer = await call(server, `/api/v1/conflicts/${conflict?.id ?? ''}/resolve`, {
      token: supervisor.token,
      body: { choice: 'incoming' },
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ issues: [{ path: ['data', 'siteCode'], code: 'not_at_case_site' }] })
    // field by field, the site from the server and the note from the phone: taken
    const fields = await call(server, `/api/v1/conflicts/${conflict?.id ?? ''}/resolve`, {
      token: supervisor.token,
      body: { choice: 'merged', fields: { siteCode: 'server', notes: 'incoming' } },
    })
    expect(fields.status).toBe(200)
  })
})
