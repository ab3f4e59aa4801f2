import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '@/server/app'
import { sealBatch } from '@/shared/crypto/sealed-batch'
import { packMutations } from '@/shared/schemas/packed-push'
import { serverKeysResponseSchema, type ServerKey } from '@/shared/schemas/keys'
import type { Mutation } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { sealIndependently } from '../shared/crypto/fixtures'
import { asAuthored, pull, push, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const SECRET = 'a-key-secret-of-at-least-32-characters!!'

describe.each(TEST_DATABASES)('sealed batches and server keys (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let registrar: Session
  beforeAll(async () => {
    server = await startTestServer({ keySecret: SECRET }, { database })
    admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const keys = async (): Promise<ServerKey[]> => {
    const answer = await call(server, '/api/v1/keys')
    expect(answer.status).toBe(200)
    return serverKeysResponseSchema.parse(answer.body).keys
  }
  const sealedPush = async (session: Session, mutations: Mutation[], key?: ServerKey, batchId = randomUUID()) => {
    const active = key ?? (await keys()).find((k) => k.active)!
    const sealed = await sealBatch({
      publicJwk: active.jwk,
      kid: active.kid,
      deviceId: session.deviceId,
      batchId,
      mutations: asAuthored(session, mutations),
    })
    return { batchId, sealed }
  }
  const records = async () => (await server.db.selectFrom('records').select('id').execute()).map((r) => r.id)

  it('publishes one active public key from the first start, without auth and without private parts', async () => {
    const list = await keys()
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ active: true, jwk: { kty: 'EC', crv: 'P-256' } })
    expect(Object.keys(list[0]!.jwk).sort()).toEqual(['crv', 'kty', 'x', 'y'])
  })

  it('opens a sealed batch and treats it like mutations, with the push-only credential', async () => {
    const record = namedRegistration()
    const { batchId, sealed } = await sealedPush(registrar, [upsert('registration', record)])
    const answer = await push(
      server,
      { ...registrar, token: registrar.pushToken },
      { deviceId: registrar.deviceId, batchId, sealed, queue: { pending: 0 } },
    )
    expect(answer.status).toBe(200)
    expect(answer.body.results).toEqual([{ mutationId: expect.any(String), status: 'applied', rev: 1 }])
    const pulled = await pull(server, admin)
    expect(pulled.body.changes.map((c) => c.recordId)).toContain(record.id)
  })

  it('answers 400 unsealable and applies nothing for an unknown kid, another batchId, or a tampered batch', async () => {
    const record = namedRegistration()
    const { batchId, sealed } = await sealedPush(registrar, [upsert('registration', record)])
    const tampered = { ...sealed, ct: `${sealed.ct.slice(0, -4)}AAAA` }
    for (const body of [
      { deviceId: registrar.deviceId, batchId, sealed: { ...sealed, kid: 'no-such-key' } },
      { deviceId: registrar.deviceId, batchId: randomUUID(), sealed },
      { deviceId: registrar.deviceId, batchId, sealed: tampered },
    ]) {
      const answer = await push(server, registrar, body)
      expect(answer.status).toBe(400)
      expect(answer.body.error).toBe('unsealable')
    }
    expect(await records()).not.toContain(record.id)
  })

  it('answers a body carrying its mutations two or three ways 400 invalid_batch, and applies none of them', async () => {
    const ways: ('mutations' | 'sealed' | 'packed')[][] = [
      ['mutations', 'sealed'],
      ['sealed', 'packed'],
      ['mutations', 'packed'],
      ['mutations', 'sealed', 'packed'],
    ]
    for (const carried of ways) {
      const [plain, sealedOne, packedOne] = [1, 2, 3].map(() => upsert('registration', namedRegistration()))
      const { batchId, sealed } = await sealedPush(registrar, [sealedOne!])
      const each = { mutations: [plain!], sealed, packed: packMutations([packedOne!]) }
      const body = {
        deviceId: registrar.deviceId,
        batchId,
        ...Object.fromEntries(carried.map((way) => [way, each[way]])),
      }
      const answer = await push(server, registrar, body)
      expect(answer.status, carried.join(' and ')).toBe(400)
      expect(answer.body).toMatchObject({
        error: 'invalid_batch',
        message: 'A push carries mutations, sealed or packed: one of them',
        issues: [expect.objectContaining({ path: [carried.at(-1)], code: 'one_of' })],
      })
      const stored = await records()
      for (const mutation of [plain!, sealedOne!, packedOne!]) expect(stored).not.toContain(mutation.recordId)
    }
  })

  it('answers 413 past 500 mutations inside a sealed batch, and applies nothing', async () => {
    const mutations = Array.from({ length: 501 }, () => upsert('registration', namedRegistration()))
    const key = (await keys()).find((k) => k.active)!
    const batchId = randomUUID()
    const sealed = {
      ...sealIndependently(key.jwk, `${registrar.deviceId}.${batchId}`, JSON.stringify(mutations)),
      kid: key.kid,
    }
    const answer = await push(server, registrar, { deviceId: registrar.deviceId, batchId, sealed })
    expect(answer.status).toBe(413)
    expect(answer.body).toMatchObject({ error: 'batch_too_large', maxMutations: 500 })
    expect(await records()).not.toContain(mutations[0]!.recordId)
  })

  it('rotates (admins only), and still opens batches sealed to the old key', async () => {
    const [old] = await keys()
    const early = await sealedPush(registrar, [upsert('registration', namedRegistration())], old)
    expect((await call(server, '/api/v1/keys/rotate', { token: registrar.token, method: 'POST' })).status).toBe(403)
    const rotated = await call<ServerKey>(server, '/api/v1/keys/rotate', { token: admin.token, method: 'POST' })
    expect(rotated.status).toBe(201)
    const list = await keys()
    expect(list.map((k) => [k.kid, k.active])).toEqual([
      [rotated.body.kid, true],
      [old!.kid, false],
    ])
    const answer = await push(server, registrar, { deviceId: registrar.deviceId, ...early })
    expect(answer.body.results?.[0]?.status).toBe('applied')
  })

  it('keeps private keys wrapped at rest, and refuses to start without the secret or with another one', async () => {
    const rows = await server.db.selectFrom('server_keys').selectAll().execute()
    for (const row of rows) {
      expect(row.wrapped).toBe(1)
      expect(row.private_jwk).not.toContain('"d"')
    }
    const config = { tokenTtlDays: 30, staticDir: server.dir, trustProxy: false }
    await expect(buildApp({ db: server.db, config })).rejects.toThrow(/RELAIS_KEY_SECRET/)
    await expect(buildApp({ db: server.db, config: { ...config, keySecret: 'x'.repeat(40) } })).rejects.toThrow(
      /RELAIS_KEY_SECRET/,
    )
  })
})

describe('server keys without RELAIS_KEY_SECRET', () => {
  it('stores them in the clear, and wraps them once a secret is set', async () => {
    const server = await startTestServer()
    try {
      const clear = await server.db.selectFrom('server_keys').selectAll().executeTakeFirstOrThrow()
      expect(clear.wrapped).toBe(0)
      expect(JSON.parse(clear.private_jwk)).toHaveProperty('d')
      const again = await buildApp({
        db: server.db,
        config: { tokenTtlDays: 30, staticDir: server.dir, trustProxy: false, keySecret: SECRET },
      })
      await again.close()
      const wrapped = await server.db.selectFrom('server_keys').selectAll().executeTakeFirstOrThrow()
      expect(wrapped).toMatchObject({ kid: clear.kid, wrapped: 1 })
      expect(wrapped.private_jwk).not.toContain(JSON.parse(clear.private_jwk).d)
    } finally {
      await server.close()
    }
  })
})
