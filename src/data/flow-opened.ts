/**
 * The data of flow tallies and FMP statuses already opened while unlocked, under the data
 * key that opened them (a lock drops the key, and with it these), each with the IV of the
 * ciphertext it came from: a row is decrypted again only when its ciphertext changed (each
 * seal draws a fresh IV). Rows sealed on this phone (a save, a pull) are noted as they are
 * sealed, so Today and the days' upkeep never decrypt what this phone itself just wrote.
 */
import type { Entity } from '@/shared/schemas/entities'
import type { RelaisDb } from './db'
import { openedCache } from './opened-cache'

interface Opened {
  iv: Uint8Array
  data: unknown
}

/**
 * The rows opened under the database's data key (null: an unprotected database); throws
 * LockedError while locked. A week at a few points is a few thousand rows; past 10,000 (a
 * pull of a whole region's tallies), it starts over rather than hold tens of megabytes.
 */
export const openedFlowRows = openedCache<Opened>(10_000)

const FLOW_ENTITIES: readonly Entity[] = ['flowCount', 'fmpStatus']

export const openedAt = (entity: Entity, id: string) => `${entity}:${id}`

/** The data of a flow row as it was just sealed with this IV (other entities are not kept). */
export function noteSealedFlowRow(
  db: RelaisDb,
  entity: Entity,
  id: string,
  iv: ArrayLike<number>,
  data: unknown,
): void {
  if (!FLOW_ENTITIES.includes(entity)) return
  openedFlowRows(db)?.set(openedAt(entity, id), { iv: new Uint8Array(iv), data })
}

/** Whether rows of this entity are kept opened here. */
export const isFlowEntity = (entity: Entity) => FLOW_ENTITIES.includes(entity)

/** The data opened before from exactly this ciphertext, if any. */
export function openedData(cache: Map<string, Opened>, entity: Entity, id: string, iv: Uint8Array): unknown {
  const hit = cache.get(openedAt(entity, id))
  return hit && sameBytes(hit.iv, iv) ? hit.data : undefined
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
