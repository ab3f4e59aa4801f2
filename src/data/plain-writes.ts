/**
 * What a write already knew in clear. A writer that has a record's decrypted data (a pull
 * page, a save) notes it on its Dexie transaction; a table watcher in that same
 * transaction (the case index) takes it from there instead of reading the row back and
 * decrypting it once the write has committed. Kept on the transaction object only: gone
 * with it, never stored, never shared with another write.
 */
import type { LocalRecord } from './records'

const byTransaction = new WeakMap<object, Map<string, LocalRecord>>()

/** Notes, inside `db.transaction(...)`, the clear record a write of this transaction stores. */
export function notePlainWrite(transaction: object | null | undefined, record: LocalRecord): void {
  if (!transaction) return
  let records = byTransaction.get(transaction)
  if (!records) byTransaction.set(transaction, (records = new Map()))
  records.set(`${record.entity}:${record.id}`, record)
}

/** The clear record a write in this transaction noted for this row, if any. */
export function plainWriteOf(transaction: object, entity: string, id: string): LocalRecord | undefined {
  return byTransaction.get(transaction)?.get(`${entity}:${id}`)
}
