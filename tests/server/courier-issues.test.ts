/**
 * A refused courier file says where and why, as every 400 does (sync-protocol.md, Errors):
 * batches proving different senders are refused at the batch that differs
 * (`sender_mismatch`), a batchId named twice at its second place (`listed_twice`, never
 * zod's generic `custom`), and what a batch opens to at its place in the file.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealCourierBatch } from '@/shared/crypto/courier-file'
import { COURIER_FORMAT } from '@/shared/schemas/courier'
import { serverKeysResponseSchema, type ServerKey } from '@/shared/schemas/keys'
import type { Mutation } from '@/shared/schemas/sync'
import { flowCount } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

interface Refusal {
  error?: string
  issues?: { path: (string | number)[]; code: string }[]
}

describe.each(TEST_DATABASES)('a refused courier file says where and why (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let key: ServerKey
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    key = serverKeysResponseSchema.parse((await call(server, '/api/v1/keys')).body).keys.find((k) => k.active)!
  })
  afterAll(() => server.close())

  const sealed = (deviceId: string, sender: { userId: string; pushToken: string }, mutations: Mutation[]) =>
    sealCourierBatch({ publicJwk: key.jwk, kid: key.kid, deviceId, batchId: randomUUID(), sender, mutations })
  const fileOf = (deviceId: string, batches: unknown[]) => ({
    format: COURIER_FORMAT,
    v: 1,
    deviceId,
    fileId: randomUUID(),
    createdAt: new Date().toISOString(),
    batches,
  })
  const upload = (courier: Session, body: unknown) =>
    call<Refusal>(server, '/api/v1/courier', { token: courier.token, body })

  it('refuses batches proving different senders at the batch that differs', async () => {
    const phone = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    const other = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    const batches = [
      await sealed(phone.deviceId, { userId: phone.user.id, pushToken: phone.pushToken }, [
        upsert('flowCount', flowCount()),
      ]),
      await sealed(phone.deviceId, { userId: other.user.id, pushToken: other.pushToken }, [
        upsert('flowCount', flowCount()),
      ]),
    ]
    const answer = await upload(phone, fileOf(phone.deviceId, batches))
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      error: 'invalid_courier_file',
      issues: [{ path: ['batches', 1, 'sealed'], code: 'sender_mismatch' }],
    })
  })

  it('refuses a batchId named twice at its second place, with a stable code', async () => {
    const phone = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    const sender = { userId: phone.user.id, pushToken: phone.pushToken }
    const first = await sealed(phone.deviceId, sender, [upsert('flowCount', flowCount())])
    const second = await sealed(phone.deviceId, sender, [upsert('flowCount', flowCount())])
    const answer = await upload(phone, fileOf(phone.deviceId, [second, first, first]))
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      error: 'invalid_courier_file',
      issues: [{ path: ['batches', 2, 'batchId'], code: 'listed_twice' }],
    })
    expect(answer.body.issues?.map((issue) => issue.code)).not.toContain('custom')
  })

  it('says where in the file a batch opens to something else', async () => {
    const phone = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    const sender = { userId: phone.user.id, pushToken: phone.pushToken }
    const good = await sealed(phone.deviceId, sender, [upsert('flowCount', flowCount())])
    const broken = await sealed(phone.deviceId, sender, [{ ...upsert('flowCount', flowCount()), mutationId: 'nope' }])
    const answer = await upload(phone, fileOf(phone.deviceId, [good, broken]))
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      error: 'invalid_courier_file',
      issues: [expect.objectContaining({ path: ['batches', 1, 'mutations', 0, 'mutationId'] })],
    })
  })
})
