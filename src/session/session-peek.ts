/**
 * The session a cold start finds on the phone, read with plain IndexedDB: the first
 * screen (sign-in or unlock) shows before Dexie, the schemas and the session code are
 * loaded, and those load while the user types. At a cold start no keys are in memory, so
 * a session found here is always locked; it says what `currentSession()` (session.ts)
 * would say then. Read-only, and it never creates the device database: Dexie does that,
 * with its schema, when the rest of the app opens it.
 */
import type { SessionUser } from '@/shared/schemas/auth'
import { DEVICE_DB_NAME, DEVICE_TABLES, LEFT_WORK_PREFIX, SETTING } from './device-db-layout'
import { MAX_UNLOCK_ATTEMPTS, type LeftWork, type LockedSession } from './session-types'

const STORES = [DEVICE_TABLES.settings, DEVICE_TABLES.sessions, DEVICE_TABLES.vaults]

/**
 * The locked session of the active user; null when nobody is signed in on this phone;
 * undefined when plain reading cannot tell (an older database, a missing device id, no
 * IndexedDB): then the session code decides, once loaded.
 */
export async function peekSession(
  idb: IDBFactory | null = globalThis.indexedDB ?? null,
): Promise<LockedSession | null | undefined> {
  if (!idb) return undefined
  const db = await openExisting(idb)
  if (db === null) return null
  if (db === undefined) return undefined
  try {
    if (!STORES.every((name) => db.objectStoreNames.contains(name))) return undefined
    const tx = db.transaction(STORES, 'readonly')
    const active = valueOf(await read(tx.objectStore(DEVICE_TABLES.settings), SETTING.activeUserId))
    if (active === undefined) return null
    const [row, vault, deviceId] = await Promise.all([
      read(tx.objectStore(DEVICE_TABLES.sessions), active),
      read(tx.objectStore(DEVICE_TABLES.vaults), active),
      read(tx.objectStore(DEVICE_TABLES.settings), SETTING.deviceId).then(valueOf),
    ])
    if (row === undefined || vault === undefined) return null
    const user = (row as { user?: SessionUser }).user
    const pushToken = (row as { pushToken?: unknown }).pushToken
    const failed = (vault as { failedAttempts?: unknown }).failedAttempts
    if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') return undefined
    if (deviceId === undefined || typeof failed !== 'number') return undefined
    return {
      locked: true,
      user,
      deviceId,
      ...(typeof pushToken === 'string' ? { pushToken } : {}),
      attemptsLeft: MAX_UNLOCK_ATTEMPTS - failed,
    }
  } catch {
    return undefined
  } finally {
    db.close()
  }
}

/**
 * What users who signed out left waiting on this phone (session.ts, signOut), for the
 * sign-in screen; empty when there is nothing, or nothing can be read.
 */
export async function peekLeftWork(idb: IDBFactory | null = globalThis.indexedDB ?? null): Promise<LeftWork[]> {
  if (!idb) return []
  const db = await openExisting(idb)
  if (!db) return []
  try {
    if (!db.objectStoreNames.contains(DEVICE_TABLES.settings)) return []
    const store = db.transaction(DEVICE_TABLES.settings, 'readonly').objectStore(DEVICE_TABLES.settings)
    const range = IDBKeyRange.bound(LEFT_WORK_PREFIX, `${LEFT_WORK_PREFIX}\uffff`)
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const request = store.getAll(range)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error ?? new Error('IndexedDB read of the left work failed'))
    })
    return rows.flatMap((row) => {
      const note = leftWorkOf(valueOf(row))
      return note ? [note] : []
    })
  } catch {
    return []
  } finally {
    db.close()
  }
}

/**
 * Whether someone has signed in on this phone before (a user's vault is kept here: it
 * stays after a sign-out), for the sign-in screen's words when offline; false when the
 * device database does not exist; undefined when it cannot be read.
 */
export async function peekSignedInBefore(
  idb: IDBFactory | null = globalThis.indexedDB ?? null,
): Promise<boolean | undefined> {
  if (!idb) return undefined
  const db = await openExisting(idb)
  if (db === null) return false
  if (db === undefined) return undefined
  try {
    if (!db.objectStoreNames.contains(DEVICE_TABLES.vaults)) return false
    const store = db.transaction(DEVICE_TABLES.vaults, 'readonly').objectStore(DEVICE_TABLES.vaults)
    return await new Promise<boolean>((resolve, reject) => {
      const request = store.count()
      request.onsuccess = () => resolve(request.result > 0)
      request.onerror = () => reject(request.error ?? new Error('IndexedDB count of the vaults failed'))
    })
  } catch {
    return undefined
  } finally {
    db.close()
  }
}

function leftWorkOf(json: string | undefined): LeftWork | null {
  if (json === undefined) return null
  try {
    const { userId, name, records, attention } = JSON.parse(json) as Partial<LeftWork>
    const count = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0
    if (typeof userId !== 'string' || typeof name !== 'string') return null
    if (!count(records) || !count(attention)) return null
    return { userId, name, records, attention }
  } catch {
    return null
  }
}

/** The device database if it exists (null if not: its creation is aborted); undefined on error. */
function openExisting(idb: IDBFactory): Promise<IDBDatabase | null | undefined> {
  return new Promise((resolve) => {
    let created = false
    let request: IDBOpenDBRequest
    try {
      request = idb.open(DEVICE_DB_NAME)
    } catch {
      resolve(undefined)
      return
    }
    request.onupgradeneeded = () => {
      // no database yet: nobody signed in here; leave its creation to Dexie
      created = true
      request.transaction?.abort()
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = (event) => {
      event.preventDefault()
      resolve(created ? null : undefined)
    }
    request.onblocked = () => resolve(undefined)
  })
}

function read(store: IDBObjectStore, key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = store.get(key)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB read of ${key} failed`))
  })
}

function valueOf(row: unknown): string | undefined {
  const value = (row as { value?: unknown } | undefined)?.value
  return typeof value === 'string' ? value : undefined
}
