/**
 * Who is signed in on this device. Sessions live in the device database (device-db.ts)
 * and are restored offline: a user who signed in once keeps working without a network.
 * Signing out forgets the session only; the user's records and queue stay in their own
 * database until they are sent. Seam for the data protection issue: lock and encrypt
 * here (the token and the user database key), behind these same functions.
 */
import { loginResponseSchema, type SessionUser } from '@/shared/schemas/auth'
import { newId } from '@/shared/ids'
import { deviceDb, type SessionRow } from './device-db'

export interface Session {
  user: SessionUser
  token: string
  expiresAt: string
  deviceId: string
  /** The server refused the token: sync waits until the user signs in again. */
  needsSignIn?: boolean
}

export type SignInErrorKind = 'offline' | 'invalid_credentials' | 'rate_limited' | 'server'

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

const DEVICE_ID = 'deviceId'
const ACTIVE_USER = 'activeUserId'

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
 * `invalid_credentials`, `rate_limited` (with retryAfterSeconds) or `server`.
 */
export async function signIn(
  username: string,
  password: string,
  opts: { baseUrl?: string; fetch?: typeof fetch } = {},
): Promise<Session> {
  const deviceId = await getDeviceId()
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
  let res: Response
  let body: unknown
  try {
    res = await doFetch(`${opts.baseUrl ?? ''}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password, deviceId }),
      cache: 'no-store',
    })
    body = await res.json()
  } catch {
    // no network, or an answer that is not the API's JSON (a captive portal, a service worker)
    throw new SignInError('offline', 'The server cannot be reached')
  }
  if (res.status === 401) throw new SignInError('invalid_credentials', 'Wrong username or password')
  if (res.status === 429) {
    const seconds = Number(res.headers.get('Retry-After'))
    throw new SignInError(
      'rate_limited',
      'Too many attempts',
      Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
    )
  }
  const parsed = loginResponseSchema.safeParse(body)
  if (!res.ok || !parsed.success) throw new SignInError('server', `Sign-in failed (HTTP ${res.status})`)
  const { user, token, expiresAt } = parsed.data
  const row: SessionRow = {
    userId: user.id,
    user,
    token,
    expiresAt,
    signedInAt: new Date().toISOString(),
    needsSignIn: false,
  }
  const db = deviceDb()
  await db.transaction('rw', db.sessions, db.settings, async () => {
    await db.sessions.put(row)
    await db.settings.put({ key: ACTIVE_USER, value: user.id })
  })
  return { user, token, expiresAt, deviceId }
}

/** The last signed-in session, restored from the device (no network); null when signed out. */
export async function currentSession(): Promise<Session | null> {
  const db = deviceDb()
  const active = await db.settings.get(ACTIVE_USER)
  const row = active && (await db.sessions.get(active.value))
  if (!row) return null
  const deviceId = await getDeviceId()
  return { user: row.user, token: row.token, expiresAt: row.expiresAt, deviceId, needsSignIn: row.needsSignIn }
}

/** Forgets the active session; the user's local database and queue are kept. */
export async function signOut(): Promise<void> {
  const db = deviceDb()
  await db.transaction('rw', db.sessions, db.settings, async () => {
    const active = await db.settings.get(ACTIVE_USER)
    if (active) await db.sessions.delete(active.value)
    await db.settings.delete(ACTIVE_USER)
  })
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
