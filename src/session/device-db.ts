/**
 * Device-level storage, shared by every user of the phone: the device id and the
 * signed-in sessions. Kept in IndexedDB (not localStorage: it survives the same way as
 * the records, and the data protection issue will encrypt sessions here).
 */
import Dexie, { type Table } from 'dexie'
import type { SessionUser } from '@/shared/schemas/auth'

export interface SettingRow {
  key: string
  value: string
}

export interface SessionRow {
  userId: string
  user: SessionUser
  token: string
  expiresAt: string
  signedInAt: string
  /** The server refused the token: the user must sign in again to sync. */
  needsSignIn: boolean
}

export class DeviceDb extends Dexie {
  // Settings: a handful of named values (`deviceId`, `activeUserId`).
  settings!: Table<SettingRow, string>
  // Sessions: one per user who signed in on this phone, keyed by user id, so that
  // switching users keeps each one's session until they sign out.
  sessions!: Table<SessionRow, string>

  constructor() {
    super('relais-device')
    this.version(1).stores({ settings: 'key', sessions: 'userId' })
  }
}

let db: DeviceDb | undefined

export function deviceDb(): DeviceDb {
  db ??= new DeviceDb()
  return db
}
