/**
 * POST /api/v1/courier over real HTTP, on SQLite and PostgreSQL: a file sealed by a phone
 * with no link, carried and uploaded by someone else, applies as that phone's pushes.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealCourierBatch } from '@/shared/crypto/courier-file'
import { sealBatch } from '@/shared/crypto/sealed-batch'
import { COURIER_FORMAT, type CourierResponse } from '@/shared/schemas/courier'
import { serverKeysResponseSchema, type ServerKey } from '@/shared/schemas/keys'
import type { Mutation } from '@/shared/schemas/sync'
import { flowCount } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, pull, push, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

type Answer = CourierResponse & { error?: string; reason?: string; issues?: unknown[] }

describe.each(TEST_DATABASES)('courier files (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let key: ServerKey
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    const keys = serverKeysResponseSchema.parse((await call(server, '/api/v1/keys')).body).keys
    key = keys.find((k) => k.active)!
  })
  afterAll(() => server.close())

  const monitor = () => signedInUser(server, admin, 'monitor', ['SEG-FMP'])

  /** A file as the phone writes it: one sealed batch per list of mutations, proof inside. */
  const courierFile = async (
    phone: Session,
    batches: Mutation[][],
    proof: { userId?: string; pushToken?: string; deviceId?: string } = {},
  ) => {
    const deviceId = proof.deviceId ?? phone.deviceId
    const sender = { userId: proof.userId ?? phone.user.id, pushToken: proof.pushToken ?? phone.pushToken }
    return {
      format: COURIER_FORMAT,
      v: 1,
      deviceId,
      fileId: randomUUID(),
      createdAt: new Date().toISOString(),
      batches: await Promise.all(
        batches.map((mutations) =>
          sealCourierBatch({ publicJwk: key.jwk, kid: key.kid, deviceId, batchId: randomUUID(), sender, mutations }),
        ),
      ),
    }
  }
  const upload = (courier: Session, body: unknown, headers: Record<string, string> = {}) =>
    call<Answer>(server, '/api/v1/courier', { token: courier.token, body, headers })

  const versionsOf = async (recordId: string) =>
    server.db
      .selectFrom('record_versions')
      .select(['rev', 'device_id', 'user_id'])
      .where('record_id', '=', recordId)
      .execute()

  it('applies the file as the phone’s pushes: author and device are the phone’s, the courier sees statuses only', async () => {
    const phone = await monitor()
    // the courier is a registrar of a transit centre: their role could never write a tally
    const courier = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const tally = flowCount()
    const second = flowCount({ men: 1, women: 0, boys: 0, girls: 0, unaccompaniedChildren: 0, pregnantWomen: 0 })
    const file = await courierFile(phone, [
      [upsert('flowCount', tally)],
      [upsert('flowCount', { ...second, total: 1, nationalities: [{ country: 'NGA', count: 1 }] })],
    ])
    const answer = await upload(courier, file)
    expect(answer.status).toBe(200)
    expect(answer.body.counts).toEqual({ applied: 2, merged: 0, conflict: 0, rejected: 0, duplicate: 0 })
    expect(answer.body.results).toHaveLength(2)
    for (const result of answer.body.results) {
      expect(Object.keys(result).sort()).toEqual(['mutationId', 'rev', 'status'])
    }
    expect(JSON.stringify(answer.body)).not.toContain('NGA')
    expect(await versionsOf(tally.id)).toEqual([{ rev: 1, device_id: phone.deviceId, user_id: phone.user.id }])
    const audit = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'courier_upload')
      .where('target', '=', phone.deviceId)
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_user_id: courier.user.id, device_id: courier.deviceId })
    expect(JSON.parse(audit[0]!.details!)).toEqual({
      fileId: file.fileId,
      senderUserId: phone.user.id,
      batches: 2,
      mutations: 2,
      applied: 2,
      merged: 0,
      conflict: 0,
      rejected: 0,
      duplicate: 0,
    })
  })

  it('doubles nothing: a re-upload answers duplicate, and the phone’s own later push gets the stored answers', async () => {
    const phone = await monitor()
    const courier = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    const tally = flowCount()
    const mutation = upsert('flowCount', tally)
    const file = await courierFile(phone, [[mutation]])
    expect((await upload(courier, file)).body.counts.applied).toBe(1)
    const again = await upload(courier, file)
    expect(again.status).toBe(200)
    expect(again.body.counts).toEqual({ applied: 0, merged: 0, conflict: 0, rejected: 0, duplicate: 1 })
    expect(again.body.results).toEqual([
      { mutationId: mutation.mutationId, status: 'duplicate', was: 'applied', rev: 1 },
    ])
    // the phone comes back online and pushes the same entry: it learns the outcome
    const own = await push(server, phone, batch(phone, [mutation]))
    expect(own.status).toBe(200)
    expect(own.body.results[0]).toMatchObject({
      mutationId: mutation.mutationId,
      status: 'duplicate',
      was: 'applied',
      rev: 1,
    })
    expect(await versionsOf(tally.id)).toHaveLength(1)
    const pulled = await pull(server, admin)
    expect(pulled.body.changes.filter((c) => c.recordId === tally.id)).toHaveLength(1)
  })

  it('answers a refused change per mutation without its field errors, and applies the rest', async () => {
    const phone = await monitor()
    const courier = await signedInUser(server, admin, 'monitor', ['MAD-FMP'])
    const good = flowCount()
    const bad = flowCount({ total: 999 })
    const mutations = [upsert('flowCount', bad), upsert('flowCount', good)]
    const answer = await upload(courier, await courierFile(phone, [mutations]))
    expect(answer.status).toBe(200)
    expect(answer.body.counts).toMatchObject({ applied: 1, rejected: 1 })
    expect(answer.body.results[0]).toEqual({ mutationId: mutations[0]!.mutationId, status: 'rejected' })
    // the phone's own push of that change, later, learns why (paths and codes, as kept)
    const own = await push(server, phone, batch(phone, [mutations[0]!]))
    expect(own.body.results[0]).toMatchObject({ status: 'duplicate', was: 'rejected' })
    expect(own.body.results[0]!.errors).toEqual([{ path: ['total'], code: expect.any(String) }])
  })

  it('refuses a tampered file with 400 unsealable and applies none of it', async () => {
    const phone = await monitor()
    const courier = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const first = flowCount()
    const second = flowCount()
    const file = await courierFile(phone, [[upsert('flowCount', first)], [upsert('flowCount', second)]])
    const flip = (ct: string) => `${ct.slice(0, 10)}${ct[10] === 'A' ? 'B' : 'A'}${ct.slice(11)}`
    const tampered = [
      // one byte of the second batch: the first, intact, must not apply either
      {
        ...file,
        batches: [
          file.batches[0],
          { ...file.batches[1]!, sealed: { ...file.batches[1]!.sealed, ct: flip(file.batches[1]!.sealed.ct) } },
        ],
      },
      // another phone's id on the outside: the sealed part was bound to this one
      { ...file, deviceId: randomUUID() },
      // batches swapped between ids
      {
        ...file,
        batches: [
          { ...file.batches[0]!, batchId: file.batches[1]!.batchId },
          { ...file.batches[1]!, batchId: file.batches[0]!.batchId },
        ],
      },
      { ...file, batches: [{ ...file.batches[0]!, sealed: { ...file.batches[0]!.sealed, kid: 'no-such-key' } }] },
    ]
    for (const body of tampered) {
      const answer = await upload(courier, body)
      expect(answer.status).toBe(400)
      expect(answer.body.error).toBe('unsealable')
    }
    expect(await versionsOf(first.id)).toEqual([])
    expect(await versionsOf(second.id)).toEqual([])
  })

  it('refuses a push batch passed off as a courier file, and a courier batch pushed as a sealed push', async () => {
    const phone = await monitor()
    const tally = flowCount()
    const batchId = randomUUID()
    const sealed = await sealBatch({
      publicJwk: key.jwk,
      kid: key.kid,
      deviceId: phone.deviceId,
      batchId,
      mutations: [upsert('flowCount', tally)],
    })
    const file = {
      format: COURIER_FORMAT,
      v: 1,
      deviceId: phone.deviceId,
      fileId: randomUUID(),
      createdAt: new Date().toISOString(),
      batches: [{ batchId, sealed }],
    }
    expect((await upload(admin, file)).body.error).toBe('unsealable')
    const courier = await courierFile(phone, [[upsert('flowCount', tally)]])
    const { batchId: id, sealed: courierSealed } = courier.batches[0]!
    const pushed = await push(server, phone, { deviceId: phone.deviceId, batchId: id, sealed: courierSealed })
    expect(pushed.body.error).toBe('unsealable')
    expect(await versionsOf(tally.id)).toEqual([])
  })

  it('cannot be forged by another user: their own token under another phone’s id, or a made-up token', async () => {
    const phone = await monitor()
    const forger = await monitor()
    const tally = flowCount()
    const attempts = [
      // the forger's real push token, claiming the phone's device and user
      courierFile(forger, [[upsert('flowCount', tally)]], { deviceId: phone.deviceId, userId: phone.user.id }),
      // the forger's token under the phone's device id and the forger's own user
      courierFile(forger, [[upsert('flowCount', tally)]], { deviceId: phone.deviceId }),
      // the phone's identity with a guessed token
      courierFile(phone, [[upsert('flowCount', tally)]], { pushToken: 'x'.repeat(43) }),
      // the phone's token with another user id
      courierFile(phone, [[upsert('flowCount', tally)]], { userId: forger.user.id }),
      // the phone's full sign-in token, which reads data: never one a carried file may hold
      courierFile(phone, [[upsert('flowCount', tally)]], { pushToken: phone.token }),
    ]
    for (const file of attempts) {
      const answer = await upload(forger, await file)
      expect(answer.status).toBe(403)
      expect(answer.body).toMatchObject({ error: 'sender_refused', reason: 'unknown_sender' })
    }
    expect(await versionsOf(tally.id)).toEqual([])
    const refusals = await server.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'courier_upload')
      .where('actor_user_id', '=', forger.user.id)
      .execute()
    expect(refusals).toHaveLength(attempts.length)
    expect(refusals.map((r) => JSON.parse(r.details!).refused)).toEqual(Array(attempts.length).fill('sender_refused'))
  })

  it('refuses a file from a blocked pair, an expired sign-in or a disabled account; a wipe_after_upload pair still uploads', async () => {
    const courier = await signedInUser(server, admin, 'supervisor', ['SEG-FMP'])
    const revoke = (phone: Session, mode: string) =>
      call(server, `/api/v1/devices/${phone.deviceId}/revoke`, {
        token: admin.token,
        body: { mode, userId: phone.user.id },
      })

    const blocked = await monitor()
    const blockedTally = flowCount()
    const blockedFile = await courierFile(blocked, [[upsert('flowCount', blockedTally)]])
    expect((await revoke(blocked, 'block')).status).toBe(200)
    const refused = await upload(courier, blockedFile)
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ error: 'sender_refused', reason: 'device_revoked' })
    expect(await versionsOf(blockedTally.id)).toEqual([])

    const expired = await monitor()
    await server.db
      .updateTable('tokens')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('user_id', '=', expired.user.id)
      .execute()
    const late = await upload(courier, await courierFile(expired, [[upsert('flowCount', flowCount())]]))
    expect(late.body).toMatchObject({ error: 'sender_refused', reason: 'token_expired' })

    const disabled = await monitor()
    await server.db.updateTable('users').set({ active: 0 }).where('id', '=', disabled.user.id).execute()
    const gone = await upload(courier, await courierFile(disabled, [[upsert('flowCount', flowCount())]]))
    expect(gone.body).toMatchObject({ error: 'sender_refused', reason: 'account_disabled' })

    const lost = await monitor()
    const lostTally = flowCount()
    expect((await revoke(lost, 'wipe_after_upload')).status).toBe(200)
    const kept = await upload(courier, await courierFile(lost, [[upsert('flowCount', lostTally)]]))
    expect(kept.status).toBe(200)
    expect(kept.body.counts.applied).toBe(1)
  })

  it('needs a signed-in courier with a full token', async () => {
    const phone = await monitor()
    const file = await courierFile(phone, [[upsert('flowCount', flowCount())]])
    expect((await call(server, '/api/v1/courier', { body: file })).status).toBe(401)
    const pushOnly = await call<Answer>(server, '/api/v1/courier', { token: phone.pushToken, body: file })
    expect(pushOnly.status).toBe(403)
    expect(pushOnly.body.error).toBe('push_only')
  })

  it('answers hostile bodies with a JSON 4xx, never a 5xx, and applies nothing', async () => {
    const phone = await monitor()
    const courier = await monitor()
    const tally = flowCount()
    const file = await courierFile(phone, [[upsert('flowCount', tally)]])
    const sealed = file.batches[0]!.sealed
    const withSealed = (patch: Record<string, unknown>) => ({
      ...file,
      batches: [{ ...file.batches[0]!, sealed: { ...sealed, ...patch } }],
    })
    const cases: [unknown, number, string][] = [
      ['not json at all', 400, 'invalid_courier_file'],
      ['[]', 400, 'invalid_courier_file'],
      ['null', 400, 'invalid_courier_file'],
      [{ ...file, format: 'something-else' }, 400, 'invalid_courier_file'],
      [{ ...file, v: 2 }, 400, 'invalid_courier_file'],
      [{ ...file, batches: [] }, 400, 'invalid_courier_file'],
      [{ ...file, batches: Array(21).fill(file.batches[0]) }, 400, 'invalid_courier_file'],
      [{ ...file, batches: [file.batches[0], file.batches[0]] }, 400, 'invalid_courier_file'],
      [{ ...file, deviceId: 'not-a-uuid' }, 400, 'invalid_courier_file'],
      [withSealed({ ct: '' }), 400, 'unsealable'],
      [withSealed({ ct: '!!!not base64!!!' }), 400, 'unsealable'],
      [withSealed({ iv: 'AAAA' }), 400, 'unsealable'],
      [withSealed({ epk: { kty: 'EC', crv: 'P-256', x: sealed.epk.x, y: sealed.epk.x } }), 400, 'unsealable'],
      [withSealed({ epk: { kty: 'RSA' } }), 400, 'unsealable'],
      [withSealed({ epk: 'a string' }), 400, 'invalid_courier_file'],
      [withSealed({ v: 7 }), 400, 'invalid_courier_file'],
    ]
    for (const [body, status, error] of cases) {
      const answer = await upload(courier, body)
      expect({ body: String(JSON.stringify(body)).slice(0, 60), status: answer.status }).toEqual({
        body: String(JSON.stringify(body)).slice(0, 60),
        status,
      })
      expect(answer.body.error).toBe(error)
      expect(answer.headers.get('content-type')).toContain('application/json')
    }
    // inside the seal: not the courier content, too many changes, a broken envelope
    const sealedWith = async (content: unknown) => {
      const batchId = randomUUID()
      const { sealJson } = await import('@/shared/crypto/sealed-batch')
      const { courierAad } = await import('@/shared/crypto/courier-file')
      const sealedBody = await sealJson(
        key.jwk,
        key.kid,
        courierAad(phone.deviceId, batchId),
        new TextEncoder().encode(JSON.stringify(content)),
      )
      return { ...file, batches: [{ batchId, sealed: sealedBody }] }
    }
    const sender = { userId: phone.user.id, pushToken: phone.pushToken }
    for (const content of [
      [upsert('flowCount', tally)],
      { ...sender },
      { ...sender, mutations: Array(501).fill(upsert('flowCount', tally)) },
      { ...sender, mutations: [{ mutationId: 'nope' }] },
    ]) {
      const answer = await upload(courier, await sealedWith(content))
      expect(answer.status).toBe(400)
      expect(answer.body.error).toBe('invalid_courier_file')
    }
    // over the size limit: 413 in JSON
    const huge = await upload(courier, JSON.stringify({ ...file, pad: 'x'.repeat(9 * 1024 * 1024) }))
    expect(huge.status).toBe(413)
    expect(huge.headers.get('content-type')).toContain('application/json')
    expect(await versionsOf(tally.id)).toEqual([])
    // a file picked on a laptop may come as octet-stream: still read
    const asBytes = await upload(courier, JSON.stringify(file), { 'content-type': 'application/octet-stream' })
    expect(asBytes.status).toBe(200)
    expect(asBytes.body.counts.applied).toBe(1)
  })
})
