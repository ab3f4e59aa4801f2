/**
 * Who is signed in on this device, and whether their keys are unlocked. Sessions and
 * vaults live in the device database (device-db.ts); the keys only in memory
 * (key-ring.ts). The first online sign-in of a user on this device makes their vault;
 * after that they unlock offline with the same passphrase. A reload or lock() leaves
 * the session locked: the full token is stored encrypted, so a locked (or stolen)
 * device can only upload, with the push-only token.
 */
import { loginResponseSchema } from '@/shared/schemas/auth'
import { newId } from '@/shared/ids'
import { decryptJson, encryptJson } from '@/shared/crypto/record-cipher'
import { WrongPassphraseError } from '@/shared/crypto/errors'
import { createVault, openVault, rewrapVault, type VaultKeys, type VaultOptions } from '@/shared/crypto/vault'
import { serverKeySchema, type ServerKey } from '@/shared/schemas/keys'
import { withAppVersion } from '@/sync/app-version'
import { deviceDb, type SessionRow } from './device-db'
import { LEFT_WORK_PREFIX, SETTING } from './device-db-layout'
import { drop, hold, unlockedFor } from './key-ring'
import {
  MAX_UNLOCK_ATTEMPTS,
  type LeftWork,
  type LockedSession,
  type Session,
  type UnlockResult,
} from './session-types'

export { isLocked, MAX_UNLOCK_ATTEMPTS, WARN_ATTEMPTS_LEFT } from './session-types'
export type { LeftWork, LockedSession, Session, UnlockResult } from './session-types'

/** Called when a user's readable local data must go (their vault was reset or destroyed). */
export type EraseReadable = (userId: string) => Promise<void>

let vaultOptions: VaultOptions = {}
let eraseReadable: EraseReadable = async () => undefined

/** Wiring from app/services.ts (the data layer) and tests (a cheap work factor). */
export function configureSession(opts: { vault?: VaultOptions; eraseReadable?: EraseReadable }): void {
  if (opts.vault) vaultOptions = opts.vault
  if (opts.eraseReadable) eraseReadable = opts.eraseReadable
}

const tokenAad = (userId: string) => `session-token:${userId}`

export type SignInErrorKind =
  | 'offline'
  | 'invalid_credentials'
  | 'account_disabled'
  | 'device_blocked'
  | 'rate_limited'
  | 'update_required'
  | 'server'

export class SignInError extends Error {
  constructor(
    readonly kind: SignInErrorKind,
    message: string = kind,
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'SignInError'
  }
}

const DEVICE_ID = SETTING.deviceId
const ACTIVE_USER = SETTING.activeUserId
const SERVER_KEY = 'serverKey'

/** This installation's id: made once (UUIDv7), then kept. */
export async function getDeviceId(): Promise<string> {
  const db = deviceDb()
  return db.transaction('rw', db.settings, async () => {
    const row = await db.settings.get(DEVICE_ID)
    if (row) return row.value
    const id = newId()
    await db.settings.put({ key: DEVICE_ID, value: id })
    return id
  })
}

/**
 * Signs in against the server and keeps the session on the device. Throws a SignInError:
 * `offline` when the server cannot be reached (or something else answered),
 * `invalid_credentials`, `account_disabled` (the right password, but an admin disabled
 * the account), `device_blocked` (this phone was revoked for this user),
 * `rate_limited` (with retryAfterSeconds) or `server`.
 */
export async function signIn(
  username: string,
  password: string,
  opts: { baseUrl?: string; fetch?: typeof fetch; deviceName?: string } = {},
): Promise<Session> {
  const deviceId = await getDeviceId()
  const deviceName = opts.deviceName?.trim()
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
  let res: Response
  let body: unknown
  try {
    res = await doFetch(`${opts.baseUrl ?? ''}/api/v1/auth/login`, {
      method: 'POST',
      headers: withAppVersion({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ username, password, deviceId, ...(deviceName ? { deviceName } : {}) }),
      cache: 'no-store',
    })
    body = await res.json()
  } catch {
    // no network, or an answer that is not the API's JSON (a captive portal, a service worker)
    throw new SignInError('offline', 'The server cannot be reached')
  }
  if (res.status === 401) {
    const error = (body as { error?: unknown } | null)?.error
    if (error === 'device_revoked') throw new SignInError('device_blocked', 'This phone was blocked for this user')
    // the right password for an account an admin disabled: not a wrong password
    if (error === 'account_disabled') throw new SignInError('account_disabled', 'This account was disabled')
    throw new SignInError('invalid_credentials', 'Wrong username or password')
  }
  if (res.status === 429) {
    const seconds = Number(res.headers.get('Retry-After'))
    throw new SignInError(
      'rate_limited',
      'Too many attempts',
      Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
    )
  }
  if (res.status === 426) throw new SignInError('update_required', 'This version of Relais is too old for the server')
  const parsed = loginResponseSchema.safeParse(body)
  if (!res.ok || !parsed.success) throw new SignInError('server', `Sign-in failed (HTTP ${res.status})`)
  const { user, token, expiresAt, pushToken, caseCode } = parsed.data
  const { keys, vaultReset } = await vaultAtSignIn(user.id, password)
  // encrypt before the transaction (awaiting WebCrypto inside one commits it)
  const tokenSealed = await encryptJson(keys.dataKey, tokenAad(user.id), token)
  const row: SessionRow = {
    userId: user.id,
    user,
    tokenSealed,
    expiresAt,
    ...(pushToken ? { pushToken } : {}),
    ...(caseCode ? { caseCode } : {}),
    signedInAt: new Date().toISOString(),
    needsSignIn: false,
  }
  const db = deviceDb()
  await db.transaction('rw', db.sessions, db.settings, async () => {
    await db.sessions.put(row)
    await db.settings.put({ key: ACTIVE_USER, value: user.id })
    // what they left here at sign-out is theirs again: their sync sends it
    await db.settings.delete(LEFT_WORK_PREFIX + user.id)
  })
  hold(user.id, { keys, token })
  return {
    user,
    token,
    expiresAt,
    deviceId,
    ...(pushToken ? { pushToken } : {}),
    ...(caseCode ? { caseCode } : {}),
    ...(vaultReset ? { vaultReset } : {}),
  }
}

/**
 * The server accepted the password: open this user's vault with it, or make one. When
 * the stored vault does not open (the passphrase was changed or reset elsewhere), what
 * it protected cannot be read any more: the readable local data is erased (sealed
 * batches kept: they still upload) and a new vault made.
 */
async function vaultAtSignIn(userId: string, password: string): Promise<{ keys: VaultKeys; vaultReset: boolean }> {
  const db = deviceDb()
  const existing = await db.vaults.get(userId)
  if (existing) {
    try {
      const keys = await openVault(existing.vault, password)
      if (existing.failedAttempts > 0) await db.vaults.update(userId, { failedAttempts: 0 })
      return { keys, vaultReset: false }
    } catch {
      // signing in again while unlocked (the token expired, the passphrase was reset):
      // the keys are in memory, so wrap them under the new passphrase and lose nothing
      const held = unlockedFor(userId)
      if (held) {
        await db.vaults.put({ userId, vault: await rewrapVault(held.keys, password, vaultOptions), failedAttempts: 0 })
        return { keys: held.keys, vaultReset: false }
      }
      await eraseReadable(userId)
    }
  }
  const { stored, keys } = await createVault(password, vaultOptions)
  await db.vaults.put({ userId, vault: stored, failedAttempts: 0 })
  return { keys, vaultReset: existing !== undefined }
}

/**
 * Opens the user's vault offline. Each failure is counted on the device; the
 * MAX_UNLOCK_ATTEMPTS-th destroys the wrapped keys and the user's readable local data
 * (sealed batches stay and still upload) and ends the session.
 */
export async function unlock(userId: string, passphrase: string): Promise<UnlockResult> {
  const db = deviceDb()
  const [vaultRow, row] = await Promise.all([db.vaults.get(userId), db.sessions.get(userId)])
  if (!vaultRow || !row) return { ok: false, reason: 'destroyed' }
  let keys: VaultKeys
  try {
    keys = await openVault(vaultRow.vault, passphrase)
  } catch (err) {
    if (!(err instanceof WrongPassphraseError)) throw err
    const failed = await db.transaction('rw', db.vaults, async () => {
      const current = (await db.vaults.get(userId))?.failedAttempts ?? 0
      await db.vaults.update(userId, { failedAttempts: current + 1 })
      return current + 1
    })
    if (failed < MAX_UNLOCK_ATTEMPTS)
      return { ok: false, reason: 'wrong_passphrase', attemptsLeft: MAX_UNLOCK_ATTEMPTS - failed }
    await destroyVault(userId)
    return { ok: false, reason: 'destroyed' }
  }
  const token = await decryptJson<string>(keys.dataKey, tokenAad(userId), row.tokenSealed)
  await db.vaults.update(userId, { failedAttempts: 0 })
  await db.settings.put({ key: ACTIVE_USER, value: userId })
  hold(userId, { keys, token })
  return { ok: true, session: await sessionOf(row, token) }
}

/**
 * After the server accepted a new passphrase: wraps the keys in memory under it at once,
 * so that the next offline unlock takes the new passphrase (and no longer the old one).
 * Throws when the user's keys are not unlocked in this tab.
 */
export async function changePassphrase(userId: string, newPassphrase: string): Promise<void> {
  const held = unlockedFor(userId)
  if (!held) throw new Error('The keys are not unlocked')
  // wrap before writing (awaiting WebCrypto inside a transaction commits it)
  const vault = await rewrapVault(held.keys, newPassphrase, vaultOptions)
  await deviceDb().vaults.put({ userId, vault, failedAttempts: 0 })
}

/** Destroys a user's wrapped keys, their session and readable local data; sealed batches stay. */
async function destroyVault(userId: string): Promise<void> {
  drop(userId)
  const db = deviceDb()
  await db.transaction('rw', db.vaults, db.sessions, db.settings, async () => {
    await db.vaults.delete(userId)
    await db.sessions.delete(userId)
    const active = await db.settings.get(ACTIVE_USER)
    if (active?.value === userId) await db.settings.delete(ACTIVE_USER)
  })
  await eraseReadable(userId)
}

/** Drops the keys from memory (one user's, or everyone's); the session stays, locked. */
export function lock(userId?: string): void {
  drop(userId)
}

async function sessionOf(row: SessionRow, token: string): Promise<Session> {
  return {
    user: row.user,
    token,
    expiresAt: row.expiresAt,
    deviceId: await getDeviceId(),
    needsSignIn: row.needsSignIn,
    ...(row.pushToken ? { pushToken: row.pushToken } : {}),
    ...(row.caseCode ? { caseCode: row.caseCode } : {}),
  }
}

/**
 * The last signed-in session, restored from the device (no network): unlocked when its
 * keys are in this tab's memory, else locked; null when signed out.
 */
export async function currentSession(): Promise<Session | LockedSession | null> {
  const db = deviceDb()
  const active = await db.settings.get(ACTIVE_USER)
  const row = active && (await db.sessions.get(active.value))
  if (!row) return null
  const unlocked = unlockedFor(row.userId)
  if (unlocked) return sessionOf(row, unlocked.token)
  const vault = await db.vaults.get(row.userId)
  if (!vault) return null
  return {
    locked: true,
    user: row.user,
    deviceId: await getDeviceId(),
    ...(row.pushToken ? { pushToken: row.pushToken } : {}),
    attemptsLeft: MAX_UNLOCK_ATTEMPTS - vault.failedAttempts,
  }
}

/**
 * Forgets the active session and its keys; the user's local database, queue and vault
 * are kept (their next online sign-in opens the same vault). `left`: what they leave
 * waiting here (counted by the caller, which reads their database), kept for the sign-in
 * screen to say until they sign in again.
 */
export async function signOut(left?: Pick<LeftWork, 'records' | 'attention'>): Promise<void> {
  const db = deviceDb()
  const userId = await db.transaction('rw', db.sessions, db.settings, async () => {
    const active = await db.settings.get(ACTIVE_USER)
    const row = active && (await db.sessions.get(active.value))
    if (row && left && left.records + left.attention > 0) {
      const note: LeftWork = { userId: row.userId, name: row.user.name, ...left }
      await db.settings.put({ key: LEFT_WORK_PREFIX + row.userId, value: JSON.stringify(note) })
    } else if (row) {
      await db.settings.delete(LEFT_WORK_PREFIX + row.userId)
    }
    if (active) await db.sessions.delete(active.value)
    await db.settings.delete(ACTIVE_USER)
    return active?.value
  })
  if (userId) drop(userId)
}

/** Forgets what `userId` left waiting here (their data was erased: nothing of theirs waits any more). */
export async function forgetLeftWork(userId: string): Promise<void> {
  await deviceDb().settings.delete(LEFT_WORK_PREFIX + userId)
}

/** Per-device settings (minutes before the idle lock, days a closed case stays). */
export const DEFAULT_IDLE_LOCK_MINUTES = 5
export const DEFAULT_RETENTION_DAYS = 90

export async function getNumberSetting(key: 'idleLockMinutes' | 'retentionDays', fallback: number): Promise<number> {
  const row = await deviceDb().settings.get(key)
  const value = Number(row?.value)
  return row && Number.isFinite(value) && value > 0 ? value : fallback
}

export async function setNumberSetting(key: 'idleLockMinutes' | 'retentionDays', value: number): Promise<void> {
  await deviceDb().settings.put({ key, value: String(value) })
}

/**
 * Records that the server refused the active session's token (a 401 on sync; wire it to
 * the engine's onAuthRequired). The session stays, so the user keeps working offline;
 * `currentSession()` then reports `needsSignIn: true` until the next `signIn`.
 */
export async function markNeedsSignIn(): Promise<void> {
  const db = deviceDb()
  await db.transaction('rw', db.sessions, db.settings, async () => {
    const active = await db.settings.get(ACTIVE_USER)
    if (active) await db.sessions.update(active.value, { needsSignIn: true })
  })
}

/** The server key new batches are sealed to, as last fetched (null: never fetched on this device). */
export async function cachedServerKey(): Promise<ServerKey | null> {
  const row = await deviceDb().settings.get(SERVER_KEY)
  if (!row) return null
  const parsed = serverKeySchema.safeParse(JSON.parse(row.value))
  return parsed.success ? parsed.data : null
}

export async function cacheServerKey(key: ServerKey): Promise<void> {
  await deviceDb().settings.put({ key: SERVER_KEY, value: JSON.stringify(key) })
}
