import { beforeEach, describe, expect, it, vi } from 'vitest'
import { eraseReadableData, openUserDb } from '@/data/db'
import { listRecords, saveRecord } from '@/data/records'
import { deviceDb } from '@/session/device-db'
import { keysFor } from '@/session/key-ring'
import { changePassphrase, configureSession, lock, signIn, unlock } from '@/session/session'
import { namedRegistration } from '../helpers/records'

const user = { id: 'u-change', username: 'aicha', name: 'Aïchatou', role: 'registrar', sites: ['AGZ-TC'] }
const login = { token: 'full-token-1', expiresAt: '2026-12-29T00:00:00.000Z', user }
const server = () =>
  vi.fn(
    async () => new Response(JSON.stringify(login), { status: 200, headers: { 'Content-Type': 'application/json' } }),
  )

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

describe('changePassphrase', () => {
  it('re-wraps the vault at once: the new passphrase unlocks offline, the old one no longer does', async () => {
    await signIn('aicha', 'old-pass-phrase', { fetch: server() })
    await saveRecord(protectedDb(), 'registration', namedRegistration())
    await changePassphrase(user.id, 'the-new-pass-phrase')
    lock()
    expect(await unlock(user.id, 'old-pass-phrase')).toMatchObject({ ok: false, reason: 'wrong_passphrase' })
    const result = await unlock(user.id, 'the-new-pass-phrase')
    expect(result).toMatchObject({ ok: true, session: { token: 'full-token-1' } })
    expect(await listRecords(protectedDb(), 'registration')).toHaveLength(1)
  })

  it('resets the failed-attempts counter', async () => {
    await signIn('aicha', 'old-pass-phrase', { fetch: server() })
    await deviceDb().vaults.update(user.id, { failedAttempts: 4 })
    await changePassphrase(user.id, 'the-new-pass-phrase')
    expect((await deviceDb().vaults.get(user.id))?.failedAttempts).toBe(0)
  })

  it('refuses when the keys are not in memory, leaving the vault as it was', async () => {
    await signIn('aicha', 'old-pass-phrase', { fetch: server() })
    lock()
    await expect(changePassphrase(user.id, 'the-new-pass-phrase')).rejects.toThrow()
    expect((await unlock(user.id, 'old-pass-phrase')).ok).toBe(true)
  })
})
