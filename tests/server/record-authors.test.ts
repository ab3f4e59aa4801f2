/**
 * The author of a case's record (registeredBy, providedBy, sentBy, a case event's by) is
 * the user the server authenticated for the mutation: a record new to the server names
 * its sender, an edit keeps the author it has (not_the_author, at the field). Else a
 * registrar could write an assistance in a colleague's name, and learn any user's name
 * and role from the staff directory by putting their id in a record.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealCourierBatch } from '@/shared/crypto/courier-file'
import { COURIER_FORMAT, type CourierResponse } from '@/shared/schemas/courier'
import { serverKeysResponseSchema, type ServerKey } from '@/shared/schemas/keys'
import type { Mutation } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const notTheAuthor = (field: string) => ({
  status: 'rejected',
  errors: [expect.objectContaining({ path: [field], code: 'not_the_author' })],
})

describe.each(TEST_DATABASES)('the author of a case record (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let registrar: Session
  let colleague: Session
  let supervisor: Session
  let key: ServerKey

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    colleague = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    const keys = serverKeysResponseSchema.parse((await call(server, '/api/v1/keys')).body).keys
    key = keys.find((k) => k.active)!
  })
  afterAll(() => server.close())

  /** A case registered by `session`, stored at rev 1. */
  const caseOf = async (session: Session) => {
    const person = namedRegistration({ registeredBy: session.user.id })
    expect((await pushOk(server, session, [upsert('registration', person)])).results[0]?.status).toBe('applied')
    return person
  }

  it('refuses a new record in another user’s name, at the author field, and applies the honest one', async () => {
    const person = await caseOf(registrar)
    // a user of another centre: the directory would name them to the registrar
    const someoneElse = (await signedInUser(server, admin, 'registrar', ['ARL-TC'])).user.id
    const forged = await pushOk(server, registrar, [
      upsert('assistance', assistance(person.id, { providedBy: colleague.user.id })),
      upsert('referral', referral(person.id, { sentBy: someoneElse })),
      upsert('caseEvent', caseEvent(person.id, { by: colleague.user.id })),
      upsert('registration', namedRegistration({ registeredBy: someoneElse })),
    ])
    expect(forged.results[0]).toMatchObject(notTheAuthor('providedBy'))
    expect(forged.results[1]).toMatchObject(notTheAuthor('sentBy'))
    expect(forged.results[2]).toMatchObject(notTheAuthor('by'))
    expect(forged.results[3]).toMatchObject(notTheAuthor('registeredBy'))

    const honest = await pushOk(server, registrar, [
      upsert('assistance', assistance(person.id, { providedBy: registrar.user.id })),
      upsert('referral', referral(person.id, { sentBy: registrar.user.id })),
      upsert('caseEvent', caseEvent(person.id, { by: registrar.user.id })),
    ])
    expect(honest.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
    // the directory never learned the forged names
    const staff = await call<{ staff: { id: string }[] }>(server, '/api/v1/staff', { token: registrar.token })
    expect(staff.body.staff.map((member) => member.id)).not.toContain(someoneElse)
  })

  it('refuses an edit that changes the author, and takes another user’s edit that keeps it', async () => {
    const person = await caseOf(registrar)
    const claimed = await pushOk(server, colleague, [
      upsert('registration', { ...person, registeredBy: colleague.user.id }, 1, { changedFields: ['registeredBy'] }),
    ])
    expect(claimed.results[0]).toMatchObject(notTheAuthor('registeredBy'))
    // a supervisor's edit of the case keeps its registrar
    const edited = await pushOk(server, supervisor, [
      upsert('registration', { ...person, occupation: 'Mechanic' }, 1, { changedFields: ['occupation'] }),
    ])
    expect(edited.results[0]).toMatchObject({ status: 'applied', rev: 2 })
    const pulled = (await pullAll(server, colleague)).changes.find((c) => c.recordId === person.id)
    expect(pulled?.data).toMatchObject({ registeredBy: registrar.user.id, occupation: 'Mechanic' })
  })

  it('applies the records of a supervisor and of an admin in their own name', async () => {
    const person = await caseOf(supervisor)
    const help = await pushOk(server, admin, [
      upsert('assistance', assistance(person.id, { providedBy: admin.user.id })),
    ])
    expect(help.results[0]).toMatchObject({ status: 'applied' })
  })

  it('applies a courier file of another user’s honest records, and refuses a forged one in it', async () => {
    const person = await caseOf(colleague)
    const carrier = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const mutations: Mutation[] = [
      upsert('assistance', assistance(person.id, { providedBy: colleague.user.id })),
      upsert('assistance', assistance(person.id, { providedBy: carrier.user.id })),
    ]
    const sender = { userId: colleague.user.id, pushToken: colleague.pushToken }
    const file = {
      format: COURIER_FORMAT,
      v: 1,
      deviceId: colleague.deviceId,
      fileId: randomUUID(),
      createdAt: new Date().toISOString(),
      batches: [
        await sealCourierBatch({
          publicJwk: key.jwk,
          kid: key.kid,
          deviceId: colleague.deviceId,
          batchId: randomUUID(),
          sender,
          mutations,
        }),
      ],
    }
    const answer = await call<CourierResponse>(server, '/api/v1/courier', { token: carrier.token, body: file })
    expect(answer.status).toBe(200)
    expect(answer.body.results.map((r) => r.status)).toEqual(['applied', 'rejected'])
  })

  it('keeps a record stored before the rule in another’s name: it pulls, and takes the edits that leave its author', async () => {
    const person = await caseOf(registrar)
    const help = assistance(person.id, { providedBy: registrar.user.id })
    expect((await pushOk(server, registrar, [upsert('assistance', help)])).results[0]?.status).toBe('applied')
    // as an older server took it: in the name of a user since deleted
    const before = { ...help, providedBy: 'an-older-author' }
    await server.db
      .updateTable('records')
      .set({ data: JSON.stringify(before) })
      .where('id', '=', help.id)
      .execute()
    // another phone of the site pulls it as stored
    const pulled = (await pullAll(server, colleague)).changes.find((c) => c.recordId === help.id)
    expect(pulled?.data).toMatchObject({ providedBy: 'an-older-author' })
    const edited = await pushOk(server, registrar, [
      upsert('assistance', { ...before, quantity: 3 }, 1, { changedFields: ['quantity'] }),
    ])
    expect(edited.results[0]).toMatchObject({ status: 'applied', rev: 2 })
    const reclaimed = await pushOk(server, registrar, [
      upsert('assistance', { ...before, providedBy: registrar.user.id }, 2, { changedFields: ['providedBy'] }),
    ])
    expect(reclaimed.results[0]).toMatchObject(notTheAuthor('providedBy'))
  })
})
