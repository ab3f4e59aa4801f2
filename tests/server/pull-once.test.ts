/**
 * "A record changed twice between pulls is sent once, at its latest rev" (sync-protocol.md,
 * Pull), transfers included: a case moved away and back in one batch reaches the phones of
 * the site it never really left live, never deleted and then live again; a record that
 * left the user's sites twice comes as one deletion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Change } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { assistance } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('a pull sends each record once, at its latest (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let mover: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    mover = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC', 'NIA-TC1'])
  })
  afterAll(() => server.close())

  const ofRecord = (changes: Change[], id: string) => changes.filter((change) => change.recordId === id)
  const moved = (person: ReturnType<typeof namedRegistration>, siteCode: string, baseRev: number) =>
    upsert('registration', { ...person, siteCode }, baseRev, { changedFields: ['siteCode'] })

  it('sends a case moved away and back in one batch once, live, at its latest rev', async () => {
    const agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const person = namedRegistration()
    const help = assistance(person.id)
    await pushOk(server, mover, [upsert('registration', person), upsert('assistance', help)])
    const before = await pullAll(server, agadez)
    expect(ofRecord(before.changes, person.id)).toHaveLength(1)

    const answer = await pushOk(server, mover, [moved(person, 'ARL-TC', 1), moved(person, 'AGZ-TC', 2)])
    expect(answer.results.map((r) => [r.status, r.rev])).toEqual([
      ['applied', 2],
      ['applied', 3],
    ])
    for (const limit of [500, 1]) {
      const after = await pullAll(server, agadez, limit, before.cursor)
      expect(ofRecord(after.changes, person.id)).toEqual([
        expect.objectContaining({ rev: 3, deleted: false, data: expect.objectContaining({ siteCode: 'AGZ-TC' }) }),
      ])
      expect(ofRecord(after.changes, help.id)).toEqual([])
    }
    // a phone of the site pulling from the start gets it once too
    const fresh = await pullAll(server, agadez)
    expect(ofRecord(fresh.changes, person.id)).toEqual([expect.objectContaining({ rev: 3, deleted: false })])
  })

  it('sends a record that left the user’s sites twice as one deletion, the latest', async () => {
    // covers Agadez and Niamey: the case leaves Agadez for Arlit, goes to Niamey, then leaves Niamey for Arlit
    const reader = await signedInUser(server, admin, 'registrar', ['AGZ-TC', 'NIA-TC1'])
    const person = namedRegistration()
    await pushOk(server, mover, [upsert('registration', person)])
    const before = await pullAll(server, reader)
    await pushOk(server, mover, [moved(person, 'ARL-TC', 1)])
    await pushOk(server, mover, [moved(person, 'NIA-TC1', 2)])
    await pushOk(server, mover, [moved(person, 'ARL-TC', 3)])
    for (const limit of [500, 1]) {
      const after = await pullAll(server, reader, limit, before.cursor)
      expect(ofRecord(after.changes, person.id)).toEqual([
        { entity: 'registration', recordId: person.id, rev: 4, deleted: true },
      ])
    }
  })

  it('still tells the old site of a case that stays away', async () => {
    const agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const person = namedRegistration()
    await pushOk(server, mover, [upsert('registration', person)])
    const before = await pullAll(server, agadez)
    await pushOk(server, mover, [moved(person, 'ARL-TC', 1)])
    // an edit at Arlit later does not bring it back to Agadez
    await pushOk(server, mover, [upsert('registration', { ...person, siteCode: 'ARL-TC', givenName: 'Aïcha' }, 2)])
    const after = await pullAll(server, agadez, 500, before.cursor)
    expect(ofRecord(after.changes, person.id)).toEqual([
      { entity: 'registration', recordId: person.id, rev: 2, deleted: true },
    ])
  })
})
