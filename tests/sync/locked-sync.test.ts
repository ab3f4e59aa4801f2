/**
 * Sync while locked: at lock the pending outbox is sealed to the server's public key;
 * the locked engine pushes the sealed batches with the push-only token (same batchId
 * on retry), applies the answers without decrypting, and never pulls.
 */
import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { openUserDb, type RelaisDb } from '@/data/db'
import { pendingCount, sealedCount } from '@/data/outbox'
import { getRecord, saveRecord } from '@/data/records'
import { openSealedBatch } from '@/shared/crypto/sealed-batch'
import { generateServerKeyPair, type ServerKeyPair } from '@/shared/crypto/server-keys'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'
import type { PushRequest } from '@/shared/schemas/sync'
import { sealOutbox } from '@/sync/seal-outbox'
import { createSyncClient } from '@/sync/sync-client'
import { createSyncEngine } from '@/sync/sync-engine'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { readPushBody } from '../helpers/push-body'
import { namedRegistration } from '../helpers/records'
import { rawRows, rawText } from '../data/raw-idb'
import { stubServer } from './stubs'

const DEVICE = '01890000-0000-7000-8000-0000000000aa'
let keys: VaultKeys
let serverKey: ServerKeyPair

beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
  serverKey = await generateServerKeyPair()
})

interface Seen {
  path: string
  auth: string | null
  body?: PushRequest
}

/** A device whose lock state a test switches, against a stub server that opens sealed batches. */
function setup() {
  const db: RelaisDb = openUserDb(`locked-${newId()}`)
  let locked = false
  db.keySource = () => (locked ? null : keys)
  const stub = stubServer()
  const seen: Seen[] = []
  let failNext = 0
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://relais.test')
    const auth = new Headers(init?.headers).get('Authorization')
    const entry: Seen = { path: url.pathname, auth }
    seen.push(entry)
    const answer = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
    if (url.pathname === '/api/v1/sync/push') {
      let bytes = Buffer.from(init?.body as Uint8Array)
      if (new Headers(init?.headers).get('Content-Encoding') === 'gzip') bytes = gunzipSync(bytes)
      const body = readPushBody(JSON.parse(bytes.toString('utf8')))
      entry.body = body
      if (failNext > 0) {
        failNext -= 1
        return answer(503, { error: 'unavailable' })
      }
      const mutations = body.sealed
        ? ((await openSealedBatch({
            privateJwk: serverKey.privateJwk,
            sealed: body.sealed,
            deviceId: body.deviceId,
            batchId: body.batchId,
          })) as PushRequest['mutations'])
        : body.mutations
      const outcome = stub.apply({ ...body, mutations })
      return answer(200, outcome.ok ? outcome.value : {})
    }
    if (url.pathname === '/api/v1/sync/pull') return answer(200, { changes: [], cursor: 'c1', more: false })
    return answer(200, [])
  }) as typeof globalThis.fetch
  const getToken = () => (locked ? 'push-token' : 'full-token')
  const engine = createSyncEngine({
    db,
    transport: createSyncClient({ baseUrl: 'http://relais.test', fetch, getToken }),
    deviceId: DEVICE,
    getToken,
    isLocked: () => locked,
    random: () => 0,
    setTimer: () => 0,
    clearTimer: () => undefined,
  })
  return {
    db,
    engine,
    seen,
    setLocked: (l: boolean) => (locked = l),
    failNext: (n: number) => (failNext = n),
  }
}

describe('sync while locked', () => {
  it('seals the pending outbox at lock, pushes it with the push token, applies the answers, never pulls', async () => {
    const { db, engine, seen, setLocked } = setup()
    const a = namedRegistration({ givenName: 'Hadiza' })
    const b = namedRegistration({ givenName: 'Rakia' })
    await saveRecord(db, 'registration', a)
    await saveRecord(db, 'registration', b)

    expect(
      await sealOutbox(db, { serverKey: { kid: serverKey.kid, jwk: serverKey.publicJwk }, deviceId: DEVICE }),
    ).toBe(1)
    setLocked(true)
    expect(await sealedCount(db)).toBe(2)
    expect(rawText(await rawRows(db.name, 'sealedBatches'))).not.toContain('Hadiza')

    await engine.syncNow()
    const pushes = seen.filter((s) => s.path === '/api/v1/sync/push')
    expect(pushes).toHaveLength(1)
    expect(pushes[0]?.auth).toBe('Bearer push-token')
    expect(pushes[0]?.body?.sealed).toBeDefined()
    expect(pushes[0]?.body?.mutations).toBeUndefined()
    expect(seen.some((s) => s.path === '/api/v1/sync/pull')).toBe(false)

    expect(await pendingCount(db)).toBe(0)
    expect(await db.sealedBatches.count()).toBe(0)
    const rows = await db.registrations.toArray()
    expect(rows.map((r) => [r.state, r.syncedRev])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ])

    setLocked(false)
    expect(((await getRecord(db, 'registration', a.id))?.data as NamedRegistration | undefined)?.givenName).toBe(
      'Hadiza',
    )
    await engine.syncNow()
    expect(seen.filter((s) => s.path === '/api/v1/sync/pull').map((s) => s.auth)).toEqual(['Bearer full-token'])
  })

  it('retries a sealed batch under the same batchId, and leaves unsealed entries waiting for unlock', async () => {
    const { db, engine, seen, setLocked, failNext } = setup()
    await saveRecord(db, 'registration', namedRegistration())
    await sealOutbox(db, { serverKey: { kid: serverKey.kid, jwk: serverKey.publicJwk }, deviceId: DEVICE })
    await saveRecord(db, 'registration', namedRegistration()) // saved after the seal: stays encrypted, unsealed
    setLocked(true)
    failNext(1)
    await engine.syncNow()
    await engine.syncNow()
    const batchIds = seen.filter((s) => s.path === '/api/v1/sync/push').map((s) => s.body?.batchId)
    expect(batchIds).toHaveLength(2)
    expect(batchIds[0]).toBe(batchIds[1])
    expect(await pendingCount(db)).toBe(1) // the unsealed one, for after unlock
    setLocked(false)
    await engine.syncNow()
    expect(await pendingCount(db)).toBe(0)
  })
})
