/**
 * The first screen reads the session with plain IndexedDB (session-peek.ts) before the
 * session code loads: what it finds must be what currentSession() says at a cold start,
 * and reading must never create the device database in Dexie's place.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { beforeEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { deviceDb } from '@/session/device-db'
import { currentSession, lock, signIn, signOut, unlock } from '@/session/session'
import { peekSession, peekSignedInBefore } from '@/session/session-peek'

const user = { id: 'u-1', username: 'aicha', name: 'Aïchatou', role: 'registrar', sites: ['AGZ-TC'] }
const answer = async () =>
  new Response(JSON.stringify({ token: 'tok-1', pushToken: 'push-1', expiresAt: '2026-12-29T00:00:00.000Z', user }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  })

beforeEach(async () => {
  await Promise.all(deviceDb().tables.map((t) => t.clear()))
})

describe('peekSession', () => {
  it('finds nobody on a phone where nobody signed in, without creating the device database', async () => {
    const fresh = new IDBFactory()
    expect(await peekSession(fresh)).toBeNull()
    expect(await fresh.databases()).toEqual([])
    expect(await peekSession(null)).toBeUndefined() // no IndexedDB at all
  })

  it('finds the locked session currentSession() finds at a cold start, with the attempts left', async () => {
    await signIn('aicha', 'secret-password', { fetch: answer })
    lock(user.id) // a reload: no keys in memory
    const locked = await currentSession()
    expect(locked).toMatchObject({ locked: true, pushToken: 'push-1', attemptsLeft: 10 })
    expect(await peekSession()).toEqual(locked)

    expect(await unlock(user.id, 'wrong password')).toMatchObject({ ok: false, attemptsLeft: 9 })
    expect(await peekSession()).toEqual(await currentSession())
    expect(await peekSession()).toMatchObject({ attemptsLeft: 9 })
  })

  it('finds nobody after a sign-out', async () => {
    await signIn('aicha', 'secret-password', { fetch: answer })
    await signOut()
    expect(await currentSession()).toBeNull()
    expect(await peekSession()).toBeNull()
  })

  it('leaves the decision to the session code when the database is older than the vaults', async () => {
    const older = new IDBFactory()
    const v1 = new Dexie('relais-device', { indexedDB: older, IDBKeyRange })
    v1.version(1).stores({ settings: 'key', sessions: 'userId' })
    await v1.table('settings').put({ key: 'activeUserId', value: user.id })
    v1.close()
    expect(await peekSession(older)).toBeUndefined()
  })
})

describe('peekSignedInBefore', () => {
  it('says no on a new phone without creating the device database, and yes once someone signed in, even signed out', async () => {
    const fresh = new IDBFactory()
    expect(await peekSignedInBefore(fresh)).toBe(false)
    expect(await fresh.databases()).toEqual([])
    expect(await peekSignedInBefore(null)).toBeUndefined()

    expect(await peekSignedInBefore()).toBe(false) // the device database, but nobody's vault
    await signIn('aicha', 'secret-password', { fetch: answer })
    await signOut()
    expect(await peekSignedInBefore()).toBe(true)
  })
})
