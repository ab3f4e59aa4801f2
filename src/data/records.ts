/**
 * Local records and the one way to change them: `saveRecord` writes the record and its
 * outbox entry together, so that nothing saved can miss the upload queue.
 */
import { changedFields, type FieldError } from '@/shared/schemas/sync'
import { entityDataSchemas, type Entity, type EntityData } from '@/shared/schemas/entities'
import { newId } from '@/shared/ids'
import { recordTable, type RelaisDb } from './db'
import type { OutboxEntry } from './outbox-entry'

/**
 * `pending`: changed here, not yet acknowledged. `sent`: the server has this version.
 * `rejected`: the server refused it (see `errors`). `conflict`: the server kept another
 * version (stored here in place of ours), ours waits for a supervisor.
 */
export type RecordState = 'pending' | 'sent' | 'rejected' | 'conflict'

export interface LocalRecord<E extends Entity = Entity> {
  id: string
  entity: E
  data: EntityData[E]
  /** The rev the server last acknowledged or sent; 0 while never acknowledged. */
  syncedRev: number
  state: RecordState
  errors?: FieldError[]
  localUpdatedAt: string
}

/**
 * Validates, saves locally and queues the change for upload; no network I/O. Throws the
 * ZodError for invalid data (a form shows its issues inline) and writes nothing then.
 */
export async function saveRecord<E extends Entity>(
  db: RelaisDb,
  entity: E,
  data: EntityData[E],
  now: Date = new Date(),
): Promise<LocalRecord<E>> {
  const at = now.toISOString()
  // validate (and, later, encrypt) before the transaction: awaiting anything but Dexie
  // inside a Dexie transaction commits it early
  const next = entityDataSchemas[entity].parse({ ...data, updatedAt: at }) as EntityData[E]
  const table = recordTable(db, entity)
  return db.transaction('rw', table, db.outbox, async () => {
    const before = await table.get(next.id)
    const data: EntityData[E] = before ? { ...next, createdAt: before.data.createdAt } : next
    // every offline edit carries the rev the server last acknowledged, the same one
    // until an answer comes back (sync-protocol.md, Identity)
    const baseRev = before?.syncedRev ?? 0
    const record: LocalRecord<E> = {
      id: data.id,
      entity,
      data,
      syncedRev: baseRev,
      state: 'pending',
      localUpdatedAt: at,
    }
    const entry: OutboxEntry = {
      mutationId: newId(),
      entity,
      recordId: data.id,
      op: 'upsert',
      baseRev,
      data: data as Record<string, unknown>,
      changedFields: changedFields(before?.data, data),
      at,
      by: db.userId,
      status: 'queued',
    }
    await table.put(record)
    await db.outbox.add(entry)
    return record
  })
}

/** An entity's records, most recently changed first. */
export async function listRecords<E extends Entity>(db: RelaisDb, entity: E): Promise<LocalRecord<E>[]> {
  return recordTable(db, entity).orderBy('localUpdatedAt').reverse().toArray()
}

export async function getRecord<E extends Entity>(
  db: RelaisDb,
  entity: E,
  id: string,
): Promise<LocalRecord<E> | undefined> {
  return recordTable(db, entity).get(id)
}
