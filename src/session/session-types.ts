/**
 * What a session is, without the code that makes one: the first screen (the unlock form,
 * app/app.tsx) needs these shapes and limits before the session code, Dexie and the
 * schemas are loaded. session.ts re-exports them.
 */
import type { SessionUser } from '@/shared/schemas/auth'

/** Failed offline unlocks before the vault and the readable local data are destroyed. */
export const MAX_UNLOCK_ATTEMPTS = 10
/** From this many attempts left, the unlock screen warns. */
export const WARN_ATTEMPTS_LEFT = 3

export interface Session {
  user: SessionUser
  token: string
  expiresAt: string
  deviceId: string
  /** The server refused the token: sync waits until the user signs in again. */
  needsSignIn?: boolean
  /** Valid for push alone; kept in clear so that a locked device still uploads. */
  pushToken?: string
  /** Set by a sign-in that had to make a new vault: the old local data could not be read. */
  vaultReset?: boolean
  /** The server's code for this device and user, the middle of their case numbers (AGZ-7K-0042); absent from an older server. */
  caseCode?: string
}

/** A session whose keys are not in memory: the app shows the unlock screen. */
export interface LockedSession {
  locked: true
  user: SessionUser
  deviceId: string
  pushToken?: string
  attemptsLeft: number
}

export function isLocked(session: Session | LockedSession): session is LockedSession {
  return 'locked' in session && session.locked
}

export type UnlockResult =
  | { ok: true; session: Session }
  | { ok: false; reason: 'wrong_passphrase'; attemptsLeft: number }
  /** Too many failed attempts: the vault and the readable data are gone; sign in online. */
  | { ok: false; reason: 'destroyed' }

/**
 * What a user left on this phone at sign-out: their records still waiting to be sent and
 * those waiting for their decision. Nobody else can send or decide them: they wait, in
 * the user's encrypted database, for that user's next sign-in here.
 */
export interface LeftWork {
  userId: string
  /** The user's name, as their session had it. */
  name: string
  records: number
  attention: number
}
