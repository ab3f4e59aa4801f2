/**
 * Issue 7: other sites are invisible to a push. Whatever a mutation touches outside the
 * caller's sites (a record, a mutationId, a linked registration) answers one neutral
 * `unavailable`, the same as for something that does not exist; and what the server
 * stores is what the schema produced, handed back in `applied` when it differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@/shared/ids'
import type { PushResult } from '@/shared/schemas/sync'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, remove, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const UNAVAILABLE = [{ path: [], code: 'unavailable', message: 'No such record is available to you' }]

describe.each(TEST_DATABASES)('other sites are invisible to a push (%s)', (database) => {
  let server: TestServer
  let agadez: Session
  let arlit: Session
  let arlitMonitor: Session
  /** Another registrar of Agadez: reads what Agadez stored (a sender's own versions are left out of its pulls). */
  let reader: Session
  let arlitRecords: { registration: string; assistance: string; flowCount: string }
  let arlitMutation: string

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    arlitMonitor = await signedInUser(server, admin, 'monitor', ['ARL-FMP'])
    reader = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const person = namedRegistration({ siteCode: 'ARL-TC' })
    const help = assistance(person.id, { siteCode: 'ARL-TC' })
    const created = upsert('registration', person)
    await pushOk(server, arlit, [created, upsert('assistance', help)])
    const tally = flowCount({ siteCode: 'ARL-FMP' })
    await pushOk(server, arlitMonitor, [upsert('flowCount', tally)])
    arlitRecords = { registration: person.id, assistance: help.id, flowCount: tally.id }
    arlitMutation = created.mutationId
  })
  afterAll(() => server.close())

  const only = async (session: Session, mutation: ReturnType<typeof upsert>): Promise<PushResult> => {
    const { results } = await pushOk(server, session, [mutation])
    return results[0] as PushResult
  }

  it('answers the same for a record of another site, whatever its entity, as for one that does not exist', async () => {
    const answers = [
      // an edit, a stale create and a delete of Arlit's registration
      await only(agadez, upsert('registration', namedRegistration({ id: arlitRecords.registration }), 1)),
      await only(agadez, upsert('registration', namedRegistration({ id: arlitRecords.registration }), 0)),
      await only(agadez, remove('registration', arlitRecords.registration, 1)),
      // the wrong entity for the id: no `entity_mismatch` that would say what it is
      await only(agadez, upsert('registration', namedRegistration({ id: arlitRecords.assistance }), 1)),
      await only(agadez, remove('assistance', arlitRecords.assistance, 1)),
      await only(agadez, remove('registration', arlitRecords.flowCount, 1)),
      // a record that exists nowhere
      await only(agadez, remove('registration', newId(), 1)),
    ]
    for (const answer of answers) {
      expect(answer).toEqual({ mutationId: answer.mutationId, status: 'rejected', errors: UNAVAILABLE })
    }
  })

  it("answers another user's mutationId as unavailable, without its first answer or rev", async () => {
    const replay = upsert('registration', namedRegistration({ siteCode: 'AGZ-TC' }), 0, { mutationId: arlitMutation })
    const answer = await only(agadez, replay)
    expect(answer).toEqual({ mutationId: arlitMutation, status: 'rejected', errors: UNAVAILABLE })
    // and it changed nothing: Arlit's registration is still at rev 1, the Agadez one was never made
    const stored = await server.db
      .selectFrom('records')
      .select('rev')
      .where('id', '=', arlitRecords.registration)
      .executeTakeFirst()
    expect(stored?.rev).toBe(1)
    expect((await pullAll(server, agadez)).changes.map((c) => c.recordId)).not.toContain(replay.recordId)
  })

  it("still answers the sender's own replay as a duplicate", async () => {
    const mine = upsert('registration', namedRegistration())
    await pushOk(server, agadez, [mine])
    expect(await only(agadez, mine)).toMatchObject({ status: 'duplicate', was: 'applied', rev: 1 })
  })

  it('refuses an assistance or referral linked to a registration the user does not cover', async () => {
    for (const registrationId of [arlitRecords.registration, arlitRecords.assistance, newId()]) {
      for (const mutation of [
        upsert('assistance', assistance(registrationId)),
        upsert('referral', referral(registrationId)),
      ]) {
        expect(await only(agadez, mutation)).toEqual({
          mutationId: mutation.mutationId,
          status: 'rejected',
          errors: [{ path: ['registrationId'], code: 'unavailable', message: 'No such record is available to you' }],
        })
      }
    }
  })

  it('accepts a link to a registration made earlier in the same batch', async () => {
    const person = namedRegistration()
    const { results } = await pushOk(server, agadez, [
      upsert('registration', person),
      upsert('assistance', assistance(person.id)),
      upsert('referral', referral(person.id)),
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
  })

  it('stores what the schema produced and hands it back when it differs from what was sent', async () => {
    const sent = namedRegistration({
      givenName: '  Aïcha\u200F ',
      familyName: 'Ag\u200B Ahmed',
      aliases: ['A\u0308ssa'],
    })
    const [answer] = (await pushOk(server, agadez, [upsert('registration', sent)])).results
    expect(answer).toMatchObject({ status: 'applied', rev: 1 })
    expect(answer?.data).toMatchObject({ givenName: 'Aïcha', familyName: 'Ag Ahmed', aliases: ['Ässa'] })
    const pulled = (await pullAll(server, reader)).changes
    expect(pulled.find((c) => c.recordId === sent.id)?.data).toEqual(answer?.data)

    // a record sent as the schema would produce it is answered without data
    const clean = namedRegistration()
    const [plain] = (await pushOk(server, agadez, [upsert('registration', clean)])).results
    expect(plain).toEqual({ mutationId: plain?.mutationId, status: 'applied', rev: 1 })
  })
})
