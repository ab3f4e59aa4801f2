/**
 * One UUID, one spelling beyond the push (docs/api.md, Ids): every other request that
 * names a case, a refused change, a conflict, an audit entry, a device or a user answers
 * an id in capitals 400 with `uuid_not_lowercase` at its field, doing nothing, where an
 * exact look-up used to find nothing (404) or a second spelling could be stored. A case,
 * a refused change or a device held in capitals from before the rule is still reached by
 * its exact id. Over HTTP, on each database.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushResult } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

type ErrorBody = { error: string; issues?: { path: (string | number)[]; code: string }[] }

const upper = (id: string) => id.toUpperCase()

/** The answer of a request refused for ids in capitals, at each of `paths`. */
const refusedAt = (...paths: (string | number)[][]) => ({
  error: 'invalid_request',
  issues: paths.map((path) => ({ path, code: 'uuid_not_lowercase', message: expect.any(String) })),
})

describe.each(TEST_DATABASES)('ids in other requests are taken in lowercase only (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let registrar: Session
  let supervisor: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const post = (session: Session, path: string, body: unknown) =>
    call<ErrorBody & Record<string, unknown>>(server, `/api/v1${path}`, { token: session.token, body })

  /** Two cases of one person at Agadez, stored. */
  const twoCases = async () => {
    const a = namedRegistration({ registeredBy: registrar.user.id })
    const b = namedRegistration({ registeredBy: registrar.user.id })
    await pushOk(server, registrar, [upsert('registration', a), upsert('registration', b)])
    return [a.id, b.id] as const
  }

  /** A case stored with its id in capitals, as a push could before the rule. */
  const legacyCase = async () => {
    const person = namedRegistration({ registeredBy: registrar.user.id })
    const id = upper(person.id)
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
        data: JSON.stringify({ ...person, id }),
        seq: Number(newest?.seq ?? 0) + 1,
        device_id: registrar.deviceId,
        user_id: registrar.user.id,
        updated_at: new Date().toISOString(),
      })
      .execute()
    return id
  }

  it('refuses case ids in capitals in a merge, a mark as two people and their undoing, at each field, storing nothing', async () => {
    const [a, b] = await twoCases()
    expect(await post(supervisor, '/duplicates/merge', { keepId: upper(a), mergeId: b })).toMatchObject({
      status: 400,
      body: refusedAt(['keepId']),
    })
    expect(await post(supervisor, '/duplicates/merge', { keepId: upper(a), mergeId: upper(b) })).toMatchObject({
      status: 400,
      body: refusedAt(['keepId'], ['mergeId']),
    })
    expect(await post(supervisor, '/duplicates/distinct', { aId: a, bId: upper(b) })).toMatchObject({
      status: 400,
      body: refusedAt(['bId']),
    })
    const distinct = await server.db.selectFrom('distinct_pairs').selectAll().execute()
    expect(distinct.filter((row) => [row.a_id, row.b_id].some((id) => id.toLowerCase() === a))).toEqual([])
    const merges = await server.db
      .selectFrom('merges')
      .selectAll()
      .where('keep_id', 'in', [a, upper(a)])
      .execute()
    expect(merges).toEqual([])

    expect((await post(supervisor, '/duplicates/distinct', { aId: a, bId: b })).status).toBe(200)
    expect(await post(supervisor, '/duplicates/distinct/undo', { aId: upper(a), bId: b })).toMatchObject({
      status: 400,
      body: refusedAt(['aId']),
    })
    expect((await post(supervisor, '/duplicates/distinct/undo', { aId: a, bId: b })).status).toBe(200)

    expect((await post(supervisor, '/duplicates/merge', { keepId: a, mergeId: b })).status).toBe(200)
    expect(await post(supervisor, '/duplicates/undo', { mergeId: upper(b) })).toMatchObject({
      status: 400,
      body: refusedAt(['mergeId']),
    })
    expect((await post(supervisor, '/duplicates/undo', { mergeId: b })).status).toBe(200)
    // another text than a UUID is still the schema's, and a lowercase id no case has still 404
    expect((await post(supervisor, '/duplicates/undo', { mergeId: randomUUID() })).status).toBe(404)
  })

  it('answers a case of another site in capitals as one that exists nowhere', async () => {
    const arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const there = namedRegistration({ siteCode: 'ARL-TC', registeredBy: arlit.user.id })
    await pushOk(server, arlit, [upsert('registration', there)])
    const [here] = await twoCases()
    const known = await post(supervisor, '/duplicates/distinct', { aId: here, bId: upper(there.id) })
    const unknown = await post(supervisor, '/duplicates/distinct', { aId: here, bId: upper(randomUUID()) })
    expect(known).toMatchObject({ status: 400, body: refusedAt(['bId']) })
    expect(unknown).toMatchObject({ status: 400, body: refusedAt(['bId']) })
  })

  it('still reaches a case stored in capitals before the rule by its exact id', async () => {
    const legacy = await legacyCase()
    const [other] = await twoCases()
    const marked = await post(supervisor, '/duplicates/distinct', { aId: legacy, bId: other })
    expect(marked.status).toBe(200)
    expect([marked.body.aId, marked.body.bId].sort()).toEqual([legacy, other].sort())
    expect((await post(supervisor, '/duplicates/distinct/undo', { aId: other, bId: legacy })).status).toBe(200)
    // its lowercase spelling names nothing
    expect(await post(supervisor, '/duplicates/distinct', { aId: legacy.toLowerCase(), bId: other })).toMatchObject({
      status: 404,
    })
  })

  it("refuses a refused change's record id in capitals, and discards one refused under that spelling", async () => {
    const person = namedRegistration({ registeredBy: registrar.user.id })
    const closed = { ...person, caseStatus: 'closed' as const } // no closure reason: refused by the schema
    const refused = (await pushOk(server, registrar, [upsert('registration', closed)])).results[0] as PushResult
    expect(refused.status).toBe('rejected')
    const discard = (recordId: string) => post(registrar, '/rejections/discard', { entity: 'registration', recordId })
    expect(await discard(upper(person.id))).toMatchObject({ status: 400, body: refusedAt(['recordId']) })
    const open = await server.db
      .selectFrom('rejections')
      .select('closed_at')
      .where('record_id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(open.closed_at).toBeNull()
    expect(await discard(person.id)).toMatchObject({ status: 200, body: { discarded: 1 } })

    // a client that pushed a new record in capitals was refused so: it drops that change by its id
    const shouting = namedRegistration({ registeredBy: registrar.user.id })
    const id = upper(shouting.id)
    const answer = await pushOk(server, registrar, [upsert('registration', { ...shouting, id }, 0, { recordId: id })])
    expect(answer.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'uuid_not_lowercase' }] })
    expect(await discard(id)).toMatchObject({ status: 200, body: { discarded: 1, record: null } })
  })

  it("refuses a lost site's kept work, a conflict and an audit page named in capitals", async () => {
    for (const path of ['/rejections/accept', '/rejections/discard-kept']) {
      const answer = await post(supervisor, path, { ids: [randomUUID(), upper(randomUUID())] })
      expect(answer).toMatchObject({ status: 400, body: refusedAt(['ids', 1]) })
    }
    const resolve = await post(supervisor, `/conflicts/${upper(randomUUID())}/resolve`, { choice: 'server' })
    expect(resolve).toMatchObject({ status: 400, body: refusedAt(['id']) })
    expect((await post(supervisor, `/conflicts/${randomUUID()}/resolve`, { choice: 'server' })).status).toBe(404)
    expect((await post(supervisor, '/conflicts/not-an-id/resolve', { choice: 'server' })).status).toBe(404)

    const first = await call<{ entries: { id: string }[] }>(server, '/api/v1/audit?limit=1', { token: admin.token })
    const entry = first.body.entries[0]?.id ?? ''
    const page = await call<ErrorBody>(server, `/api/v1/audit?before=${upper(entry)}`, { token: admin.token })
    expect(page).toMatchObject({ status: 400, body: refusedAt(['before']) })
    expect((await call(server, `/api/v1/audit?before=${entry}`, { token: admin.token })).status).toBe(200)
  })

  it('refuses a device or a user named in capitals, revoking and changing nothing', async () => {
    const phone = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const revoke = (deviceId: string, body: unknown) => post(supervisor, `/devices/${deviceId}/revoke`, body)
    expect(await revoke(upper(phone.deviceId), { mode: 'block' })).toMatchObject({
      status: 400,
      body: refusedAt(['deviceId']),
    })
    expect(await revoke(phone.deviceId, { mode: 'block', userId: upper(phone.user.id) })).toMatchObject({
      status: 400,
      body: refusedAt(['userId']),
    })
    const revoked = await server.db
      .selectFrom('device_revocations')
      .selectAll()
      .where('user_id', '=', phone.user.id)
      .execute()
    expect(revoked).toEqual([])
    expect((await revoke(randomUUID(), {})).status).toBe(404)

    const id = upper(phone.user.id)
    const patched = await call<ErrorBody>(server, `/api/v1/users/${id}`, {
      token: admin.token,
      method: 'PATCH',
      body: { name: 'Renamed' },
    })
    expect(patched).toMatchObject({ status: 400, body: refusedAt(['id']) })
    const reset = await post(admin, `/users/${id}/password`, { password: 'another-long-password' })
    expect(reset).toMatchObject({ status: 400, body: refusedAt(['id']) })
    const lock = await call<ErrorBody>(server, `/api/v1/users/${id}/sign-in-lock`, { token: admin.token })
    expect(lock).toMatchObject({ status: 400, body: refusedAt(['id']) })
    const user = await server.db.selectFrom('users').select('name').where('id', '=', phone.user.id).executeTakeFirst()
    expect(user?.name).toBe('Test registrar')
    expect((await call(server, `/api/v1/users/nobody/sign-in-lock`, { token: admin.token })).status).toBe(404)
  })

  it('still revokes a phone signed in with its id in capitals before the rule, by that id', async () => {
    const phone = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const legacy = upper(randomUUID())
    await server.db
      .insertInto('devices')
      .values({
        device_id: legacy,
        user_id: phone.user.id,
        first_seen_at: new Date().toISOString(),
        last_push_at: null,
        last_pull_at: null,
        pending: null,
        last_error: null,
        last_error_at: null,
        app_version: null,
        device_name: null,
        attention: null,
        oldest_unsent_at: null,
      })
      .execute()
    const answer = await post(supervisor, `/devices/${legacy}/revoke`, { mode: 'block' })
    expect(answer).toMatchObject({ status: 200, body: { deviceId: legacy, userIds: [phone.user.id] } })
  })
})
