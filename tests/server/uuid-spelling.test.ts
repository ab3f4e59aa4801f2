/**
 * One UUID, one spelling: RFC 9562 reads `01A2…` and `01a2…` as the same UUID, so a push
 * that took both would store one record twice (and across sites, past their walls). The
 * server takes ids in lowercase, their canonical form: a new id or reference written
 * otherwise is refused at its field, an envelope id with the batch (400). A record stored
 * under another spelling before the rule keeps its exact id and stays editable.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@/shared/ids'
import type { PushResult } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, pullAll, push, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const upper = (id: string) => id.toUpperCase()

describe.each(TEST_DATABASES)('ids are taken in lowercase only (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let agadez: Session
  let arlit: Session
  let supervisor: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC'])
  })
  afterAll(() => server.close())

  const only = async (session: Session, mutation: ReturnType<typeof upsert>): Promise<PushResult> =>
    (await pushOk(server, session, [mutation])).results[0] as PushResult

  const refusedAt = (path: (string | number)[]) => ({
    status: 'rejected',
    errors: [expect.objectContaining({ path, code: 'uuid_not_lowercase' })],
  })

  it('refuses the same record in capitals as a second create, at its site and at another', async () => {
    const person = namedRegistration()
    expect(await only(agadez, upsert('registration', person))).toMatchObject({ status: 'applied', rev: 1 })
    const again = { ...person, id: upper(person.id) }
    expect(await only(agadez, upsert('registration', again))).toMatchObject(refusedAt(['recordId']))
    // another site's registrar gets the same answer as for a spelling that exists nowhere
    expect(await only(arlit, upsert('registration', { ...again, siteCode: 'ARL-TC' }))).toMatchObject(
      refusedAt(['recordId']),
    )
    const nowhere = namedRegistration({ siteCode: 'ARL-TC' })
    expect(await only(arlit, upsert('registration', { ...nowhere, id: upper(nowhere.id) }))).toMatchObject(
      refusedAt(['recordId']),
    )
    // an assistance at Arlit naming the Agadez case in capitals links to nothing
    const help = assistance(upper(person.id), { siteCode: 'ARL-TC' })
    expect(await only(arlit, upsert('assistance', help))).toMatchObject(refusedAt(['registrationId']))

    const pulled = await pullAll(server, supervisor)
    const registrations = pulled.changes.filter((c) => c.entity === 'registration')
    expect(registrations.map((c) => c.recordId)).toEqual([person.id])
    expect(pulled.changes.map((c) => c.recordId)).not.toContain(help.id)
  })

  it("refuses a record's own id and the ids it names in capitals, at each field", async () => {
    const person = namedRegistration()
    expect(
      await only(agadez, upsert('registration', { ...person, id: upper(person.id) }, 0, { recordId: person.id })),
    ).toMatchObject(refusedAt(['id']))
    const grouped = namedRegistration({ household: { groupId: upper(newId()), relationship: 'head' } })
    expect(await only(agadez, upsert('registration', grouped))).toMatchObject(refusedAt(['household', 'groupId']))
    const flagged = namedRegistration({ possibleDuplicateOf: [newId(), upper(person.id)] })
    expect(await only(agadez, upsert('registration', flagged))).toMatchObject(refusedAt(['possibleDuplicateOf', 1]))

    await pushOk(server, agadez, [upsert('registration', person)])
    const event = caseEvent(person.id, { kind: 'referral_updated', recordId: upper(newId()) })
    expect(await only(agadez, upsert('caseEvent', event))).toMatchObject(refusedAt(['recordId']))
  })

  it('answers an envelope id in capitals 400, at its place, applying nothing', async () => {
    const person = namedRegistration()
    const cases = [
      {
        body: batch(agadez, [upsert('registration', person, 0, { mutationId: upper(newId()) })]),
        path: ['mutations', 0, 'mutationId'],
      },
      { body: { ...batch(agadez, [upsert('registration', person)]), batchId: upper(randomUUID()) }, path: ['batchId'] },
      {
        body: { ...batch(agadez, [upsert('registration', person)]), deviceId: upper(agadez.deviceId) },
        path: ['deviceId'],
      },
    ]
    for (const { body, path } of cases) {
      const answer = await push(server, agadez, body)
      expect(answer.status).toBe(400)
      expect(answer.body).toMatchObject({
        error: 'invalid_batch',
        issues: [expect.objectContaining({ path, code: 'uuid_not_lowercase' })],
      })
    }
    const stored = await server.db.selectFrom('records').select('id').where('id', '=', person.id).execute()
    expect(stored).toEqual([])
  })

  it('refuses a sign-in whose device id is in capitals', async () => {
    const answer = await call(server, '/api/v1/auth/login', {
      body: { username: 'admin', password: 'admin-passphrase-for-tests', deviceId: upper(randomUUID()) },
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      issues: [expect.objectContaining({ path: ['deviceId'], code: 'uuid_not_lowercase' })],
    })
  })

  it('keeps a record stored in capitals before the rule editable by its exact id', async () => {
    const legacy = namedRegistration({ registeredBy: agadez.user.id })
    const id = upper(legacy.id)
    const newest = await server.db
      .selectFrom('records')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst()
    await server.db
      .insertInto('records')
      .values({
        id,
        entity: 'registration',
        site_code: 'AGZ-TC',
        rev: 1,
        deleted: 0,
        data: JSON.stringify({ ...legacy, id }),
        seq: Number(newest?.seq ?? 0) + 1,
        device_id: agadez.deviceId,
        user_id: agadez.user.id,
        updated_at: new Date().toISOString(),
      })
      .execute()
    const edited = { ...legacy, id, givenName: 'Aïcha' }
    expect(await only(agadez, upsert('registration', edited, 1))).toMatchObject({ status: 'applied', rev: 2 })
    expect(await only(agadez, upsert('assistance', assistance(id)))).toMatchObject({ status: 'applied', rev: 1 })
    // another site still cannot tell it from an id that exists nowhere
    expect(await only(arlit, upsert('registration', { ...edited, siteCode: 'ARL-TC' }, 2))).toMatchObject(
      refusedAt(['recordId']),
    )
  })
})
