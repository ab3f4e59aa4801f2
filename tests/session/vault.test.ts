import { beforeEach, describe, expect, it, vi } from 'vitest'
import { eraseReadableData, openUserDb } from '@/data/db'
import { listRecords, saveRecord } from '@/data/records'
import { deviceDb } from '@/session/device-db'
import { keysFor } from '@/session/key-ring'
import {
  configureSession,
  currentSession,
  isLocked,
  lock,
  MAX_UNLOCK_ATTEMPTS,
  signIn,
  signOut,
  unlock,
} from '@/session/session'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { namedRegistration } from '../helpers/records'
import { rawRows, rawText } from '../data/raw-idb'

const user = { id: 'u-vault', username: 'aicha', name: 'Aïchatou', role: 'registrar', sites: ['AGZ-TC'] }
const login = { token: 'full-token-secret-1', pushToken: 'push-only-1', expiresAt: '2026-12-29T00:00:00.000Z', user }
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const server = (body = login) => vi.fn(async () => json(200, body))

function protectedDb() {
  const db = openUserDb(user.id)
  db.keySource = () => keysFor(user.id)
  return db
}

beforeEach(async () => {
  configureSession({
    vault: { unsafeTestIterations: 1000 },
    eraseReadable: (userId) => eraseReadableData(openUserDb(userId)),
  })
  lock()
  await Promise.all(deviceDb().tables.map((t) => t.clear()))
  await openUserDb(user.id).delete()
  await openUserDb(user.id).open()
})

describe('the vault at sign-in', () => {
  it('is made at the first sign-in; the full token is stored only encrypted, the push token in clear', async () => {
    const session = await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    expect(session.token).toBe('full-token-secret-1')
    expect(session.pushToken).toBe('push-only-1')
    expect(await deviceDb().vaults.get(user.id)).toMatchObject({ failedAttempts: 0, vault: { v: 1 } })
    const raw = rawText(await rawRows('relais-device', 'sessions'))
    expect(raw).not.toContain('full-token-secret-1')
    expect(raw).toContain('push-only-1')
    expect(keysFor(user.id)).not.toBeNull()
  })

  it('opens the same vault at a later sign-in: the data stays readable', async () => {
    await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    const person = namedRegistration()
    await saveRecord(protectedDb(), 'registration', person)
    lock()
    const again = await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    expect(again.vaultReset).toBeUndefined()
    expect(
      (await listRecords(protectedDb(), 'registration')).map((r) => (r.data as NamedRegistration).givenName),
    ).toEqual(['Aïchatou'])
  })

  it('makes a new vault when the passphrase changed elsewhere, erasing the unreadable data but not the sealed batches', async () => {
    await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    const db = protectedDb()
    await saveRecord(db, 'registration', namedRegistration())
    await db.sealedBatches.put({ batchId: 'b-1', createdAt: new Date().toISOString(), mutationIds: [], sealed: {} })
    lock()
    const session = await signIn('aicha', 'a-new-pass-phrase', { fetch: server() })
    expect(session.vaultReset).toBe(true)
    expect(await db.registrations.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
    expect(await db.sealedBatches.count()).toBe(1)
    await saveRecord(db, 'registration', namedRegistration({ givenName: 'Mariama' }))
    expect((await listRecords(db, 'registration')).map((r) => (r.data as NamedRegistration).givenName)).toEqual([
      'Mariama',
    ])
  })

  it('re-wraps the keys in memory when the passphrase changed while unlocked: nothing is lost', async () => {
    await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    const db = protectedDb()
    await saveRecord(db, 'registration', namedRegistration())
    const again = await signIn('aicha', 'a-new-pass-phrase', { fetch: server() })
    expect(again.vaultReset).toBeUndefined()
    expect(await db.registrations.count()).toBe(1)
    lock()
    expect(await unlock(user.id, 'pass-phrase-1')).toMatchObject({ ok: false })
    expect((await unlock(user.id, 'a-new-pass-phrase')).ok).toBe(true)
    expect(await listRecords(db, 'registration')).toHaveLength(1)
  })
})

describe('lock and offline unlock', () => {
  it('is locked after lock() (or a reload); unlock restores the session and the token', async () => {
    const signedIn = await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    lock(user.id)
    expect(keysFor(user.id)).toBeNull()
    const locked = await currentSession()
    expect(locked && isLocked(locked)).toBe(true)
    expect(locked).toMatchObject({ user, pushToken: 'push-only-1', attemptsLeft: MAX_UNLOCK_ATTEMPTS })
    const result = await unlock(user.id, 'pass-phrase-1')
    expect(result).toEqual({ ok: true, session: { ...signedIn, needsSignIn: false } })
    expect(await currentSession()).toEqual({ ...signedIn, needsSignIn: false })
  })

  it('counts failed attempts on the device, and a success resets them', async () => {
    await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    lock()
    expect(await unlock(user.id, 'wrong')).toEqual({ ok: false, reason: 'wrong_passphrase', attemptsLeft: 9 })
    expect(await unlock(user.id, 'wrong')).toEqual({ ok: false, reason: 'wrong_passphrase', attemptsLeft: 8 })
    expect(await currentSession()).toMatchObject({ locked: true, attemptsLeft: 8 })
    expect((await unlock(user.id, 'pass-phrase-1')).ok).toBe(true)
    expect((await deviceDb().vaults.get(user.id))?.failedAttempts).toBe(0)
  })

  it('destroys the wrapped keys and the readable data at the 10th failure, keeping the sealed batches', async () => {
    await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    const db = protectedDb()
    await saveRecord(db, 'registration', namedRegistration())
    await db.sealedBatches.put({ batchId: 'b-1', createdAt: new Date().toISOString(), mutationIds: [], sealed: {} })
    lock()
    for (let i = 1; i < MAX_UNLOCK_ATTEMPTS; i++) {
      expect(await unlock(user.id, `wrong-${i}`)).toMatchObject({ attemptsLeft: MAX_UNLOCK_ATTEMPTS - i })
    }
    expect(await unlock(user.id, 'wrong-10')).toEqual({ ok: false, reason: 'destroyed' })
    expect(await deviceDb().vaults.get(user.id)).toBeUndefined()
    expect(await deviceDb().sessions.get(user.id)).toBeUndefined()
    expect(await currentSession()).toBeNull()
    expect(await db.registrations.count()).toBe(0)
    expect(await db.sealedBatches.count()).toBe(1)
    // even the right passphrase cannot open what is gone
    expect(await unlock(user.id, 'pass-phrase-1')).toEqual({ ok: false, reason: 'destroyed' })
  })

  it('sign-out drops the keys but keeps the vault for the next sign-in', async () => {
    await signIn('aicha', 'pass-phrase-1', { fetch: server() })
    await signOut()
    expect(keysFor(user.id)).toBeNull()
    expect(await currentSession()).toBeNull()
    expect(await deviceDb().vaults.get(user.id)).toBeDefined()
  })
})
