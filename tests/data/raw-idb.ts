/** Reads a database's rows through the raw IndexedDB API (not Dexie, not the app), as an attacker with the files would. */
export async function rawRows(dbName: string, store: string): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(dbName)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
  try {
    return await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction(store, 'readonly').objectStore(store).getAll()
      req.onsuccess = () => resolve(req.result as unknown[])
      req.onerror = () => reject(req.error)
    })
  } finally {
    db.close()
  }
}

/** Every string and every byte array (read as UTF-8 and Latin-1) of the rows, as one text to search. */
export function rawText(rows: unknown): string {
  return JSON.stringify(rows, (_key, value: unknown) => {
    if (value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]') {
      const bytes = Buffer.from(value as Uint8Array)
      return `${bytes.toString('utf8')}|${bytes.toString('latin1')}`
    }
    return value
  })
}
