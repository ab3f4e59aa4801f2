/**
 * The device database's name, tables and setting keys, in one place for the two that
 * read it: Dexie (device-db.ts, session.ts) and the plain IndexedDB read of the first
 * screen (session-peek.ts), which loads before Dexie and must not drift from it.
 */
export const DEVICE_DB_NAME = 'relais-device'

export const DEVICE_TABLES = { settings: 'settings', sessions: 'sessions', vaults: 'vaults' } as const

/** Keys of the `settings` table. */
export const SETTING = { deviceId: 'deviceId', activeUserId: 'activeUserId' } as const

/**
 * `leftWork:<userId>`: what a user left waiting on this phone when they signed out (a
 * LeftWork, as JSON), for the sign-in screen to say; removed when they sign in again.
 */
export const LEFT_WORK_PREFIX = 'leftWork:'
