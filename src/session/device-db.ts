/**
 * Device-level storage, shared by every user of the phone: the device id, per-device
 * settings, the signed-in sessions and each user's key vault. Kept in IndexedDB (not
 * localStorage: it survives the same way as the records). Nothing here reads a person's
 * data: the full token is stored encrypted under the user's data key; the push-only
 * token is in clear on purpose (it can upload, never read).
 */
import Dexie, { type Table } from 'dexie'
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { StoredVault } from '@/shared/crypto/vault-format'
import type { SessionUser } from '@/shared/schemas/auth'
import { DEVICE_DB_NAME } from './device-db-layout'

export interface SettingRow {
  key: string
  value: string
}

export interface SessionRow {
  userId: string
  user: SessionUser
  /** The full token, AES-256-GCM under the user's data key (AAD `session-token:<userId>`). */
  tokenSealed: Sealed
  expiresAt: string
  /** Valid for push alone: what a locked device uploads sealed batches with. */
  pushToken?: string
  /** The server's code for this device and user, the middle of their case numbers (absent from an older server). */
  caseCode?: string
  signedInAt: string
  /** The server refused the token: the user must sign in again to sync. */
  needsSignIn: boolean
}

export interface VaultRow {
  userId: string
  vault: StoredVault
  /** Failed offline unlocks in a row; at MAX_UNLOCK_ATTEMPTS the vault is destroyed. */
  failedAttempts: number
}

export class DeviceDb extends Dexie {
  // Settings: a handful of named values (`deviceId`, `activeUserId`, `idleLockMinutes`,
  // `retentionDays`, `serverKey`).
  settings!: Table<SettingRow, string>
  // Sessions: one per user who signed in on this phone, keyed by user id, so that
  // switching users keeps each one's session until they sign out.
  sessions!: Table<SessionRow, string>
  // Vaults: each user's wrapped keys, keyed by user id (one vault per user per device).
  vaults!: Table<VaultRow, string>

  constructor() {
    super(DEVICE_DB_NAME)
    this.version(1).stores({ settings: 'key', sessions: 'userId' })
    // v2 (data protection): sessions of v1 kept the token in clear; they are dropped,
    // and their users sign in once more (which makes their vault)
    this.version(2)
      .stores({ settings: 'key', sessions: 'userId', vaults: 'userId' })
      .upgrade((tx) => tx.table('sessions').clear())
  }
}

let db: DeviceDb | undefined

export function deviceDb(): DeviceDb {
  db ??= new DeviceDb()
  return db
}
