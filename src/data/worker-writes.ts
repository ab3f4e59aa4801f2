/**
 * Writes another thread made to this user's database: a pull worker stores a new phone's
 * pages through its own connection (pull-workers.ts), where none of the page's table
 * watchers run. The page's thread is told of them here once they have committed, and
 * they reach what it keeps in memory as its own writes do: the case index (as Dexie's
 * hooks would tell it), the flow rows already opened, and the days to seal again. Dexie
 * itself tells the page's live reads, across threads.
 */
import type { Entity } from '@/shared/schemas/entities'
import type { RelaisDb } from './db'
import { scheduleFlowDaysUpkeep } from './flow-days'
import { isFlowEntity, noteSealedFlowRow } from './flow-opened'
import type { LocalRecord } from './records'

/** A row written elsewhere, with what the page's thread needs of it. */
export type WrittenRow =
  | { entity: Entity; id: string; op: 'delete' }
  | {
      entity: Entity
      id: string
      /** add: the row was not there; put: it replaced one */
      op: 'add' | 'put'
      /** the clear record it stores (written while unlocked) */
      record: LocalRecord
      /** the IV of its sealed data (none in an unprotected database) */
      iv?: ArrayLike<number>
    }

/** Entities whose rows the page's thread keeps track of: cases, tallies and FMP statuses. */
export const isWatched = (entity: Entity) => entity === 'registration' || isFlowEntity(entity)

type Listener = (rows: WrittenRow[]) => void

const listeners = new WeakMap<RelaisDb, Map<Entity, Set<Listener>>>()

/** Calls `listener` with the rows of `entity` each write elsewhere committed; returns the function that stops it. */
export function watchWorkerWrites(db: RelaisDb, entity: Entity, listener: Listener): () => void {
  let byEntity = listeners.get(db)
  if (!byEntity) listeners.set(db, (byEntity = new Map()))
  let set = byEntity.get(entity)
  if (!set) byEntity.set(entity, (set = new Set()))
  set.add(listener)
  return () => void set.delete(listener)
}

/** Tells the page's thread of rows another connection wrote and committed. */
export function announceWorkerWrites(db: RelaisDb, rows: readonly WrittenRow[]): void {
  const byEntity = new Map<Entity, WrittenRow[]>()
  for (const row of rows) {
    let list = byEntity.get(row.entity)
    if (!list) byEntity.set(row.entity, (list = []))
    list.push(row)
    if (row.op !== 'delete' && row.iv) noteSealedFlowRow(db, row.entity, row.id, row.iv, row.record.data)
  }
  // the worker's writes marked their days: the page's thread, which has the key, seals them again
  if (byEntity.has('flowCount')) scheduleFlowDaysUpkeep(db)
  for (const [entity, written] of byEntity)
    for (const listener of listeners.get(db)?.get(entity) ?? []) listener(written)
}
