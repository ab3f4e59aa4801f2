/**
 * Push bodies as a device sends them: new registrations as upserts, `batchSize` per
 * batch, gzip-compressed. The benches make them before their clocks start: a device
 * compresses on its own CPU, not the server's.
 */
import { gzipSync } from 'node:zlib'
import { v7 } from 'uuid'
import type { Registration } from '../../src/shared/schemas/registration'
import type { Mutation } from '../../src/shared/schemas/sync'

export interface BatchOwner {
  deviceId: string
  userId: string
  batchSize: number
}

export function compressedBatches(records: Registration[], { deviceId, userId, batchSize }: BatchOwner): Buffer[] {
  const bodies: Buffer[] = []
  for (let i = 0; i < records.length; i += batchSize) {
    const mutations: Mutation[] = records.slice(i, i + batchSize).map((data) => ({
      mutationId: v7(),
      entity: 'registration',
      recordId: data.id,
      op: 'upsert',
      baseRev: 0,
      data,
      changedFields: Object.keys(data).sort(),
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
