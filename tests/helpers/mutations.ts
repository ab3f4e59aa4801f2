/** Mutations as a device makes them (sync-protocol.md), for any test that needs one. */
import { newId } from '@/shared/ids'
import type { Entity } from '@/shared/schemas/entities'
import type { Mutation } from '@/shared/schemas/sync'

type RecordLike = { id: string } & Record<string, unknown>

export function upsert(entity: Entity, data: RecordLike, baseRev = 0, extra: Partial<Mutation> = {}): Mutation {
  return {
    mutationId: newId(),
    entity,
    recordId: data.id,
    op: 'upsert',
    baseRev,
    data,
    changedFields: Object.keys(data),
    at: new Date().toISOString(),
    ...extra,
  }
}

export function remove(entity: Entity, recordId: string, baseRev: number): Mutation {
  return { mutationId: newId(), entity, recordId, op: 'delete', baseRev, at: new Date().toISOString() }
}
