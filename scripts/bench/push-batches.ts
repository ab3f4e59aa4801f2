/**
 * Push bodies as a device sends them: new records as upserts (registrations unless
 * `entity` says otherwise), `batchSize` per batch, gzip-compressed. The benches make
 * them before their clocks start: a device compresses on its own CPU, not the server's.
 */
import { gzipSync } from 'node:zlib'
import { v7 } from 'uuid'
import type { Entity, EntityData } from '../../src/shared/schemas/entities'
import type { Mutation } from '../../src/shared/schemas/sync'

export interface BatchOwner {
  deviceId: string
  userId: string
  batchSize: number
}

export function compressedBatches<E extends Entity = 'registration'>(
  records: readonly EntityData[E][],
  { deviceId, userId, batchSize }: BatchOwner,
  entity: E = 'registration' as E,
): Buffer[] {
  const bodies: Buffer[] = []
  for (let i = 0; i < records.length; i += batchSize) {
    const mutations: Mutation[] = records.slice(i, i + batchSize).map((data) => ({
      mutationId: v7(),
      entity,
      recordId: data.id,
      op: 'upsert',
      baseRev: 0,
      data, // no changedFields: a new record's every field is new (outbox-entry.ts)
      at: data.updatedAt,
      by: userId,
    }))
    const body = {
      deviceId,
      batchId: v7(),
      queue: { pending: records.length - i - mutations.length },
      appVersion: '0.1.0',
      mutations,
    }
    bodies.push(gzipSync(JSON.stringify(body)))
  }
  return bodies
}
