/**
 * Push bodies as a device sends them: new records as upserts (registrations unless
 * `entity` says otherwise), `batchSize` per batch, each mutation shaped by the app's own
 * pushBody (batch-plan.ts, outbox-entry.ts). The benches make them before their clocks
 * start: a device compresses on its own CPU, not the server's.
 */
import { gzipSync } from 'node:zlib'
import { v7 } from 'uuid'
import type { OutboxEntry } from '../../src/data/outbox-entry'
import { authorField } from '../../src/shared/record-authors'
import type { Entity, EntityData } from '../../src/shared/schemas/entities'
import type { PushRequest } from '../../src/shared/schemas/sync'
import { pushBody } from '../../src/sync/batch-plan'
import { pushRequest } from '../../src/sync/push-request'

export interface BatchOwner {
  deviceId: string
  userId: string
  batchSize: number
  /**
   * Each mutationId made when its record was saved (its `updatedAt`), as a phone saving
   * through the day makes them; otherwise all in one burst, sharing most of their
   * characters (cheaper on the wire than a phone's: fine for the benches of speed).
   */
  idsAtSave?: boolean
}

/**
 * A new record as the device's user writes it: its author field (record-authors.ts) names
 * that user, or the server refuses it (not_the_author).
 */
function authoredBy<E extends Entity>(entity: E, data: EntityData[E], userId: string): EntityData[E] {
  const field = authorField(entity)
  return field === undefined ? data : { ...data, [field]: userId }
}

/** The push bodies, as JSON values. */
export function pushBodies<E extends Entity = 'registration'>(
  records: readonly EntityData[E][],
  { deviceId, userId, batchSize, idsAtSave = false }: BatchOwner,
  entity: E = 'registration' as E,
): PushRequest[] {
  const bodies: PushRequest[] = []
  for (let i = 0; i < records.length; i += batchSize) {
    const entries: OutboxEntry[] = records.slice(i, i + batchSize).map((record) => {
      const data = authoredBy(entity, record, userId)
      return {
        mutationId: idsAtSave ? v7({ msecs: Date.parse(data.updatedAt) }) : v7(),
        entity,
        recordId: data.id,
        op: 'upsert',
        baseRev: 0,
        data,
        changedFields: Object.keys(data),
        at: data.updatedAt,
        by: userId,
        status: 'queued',
      }
    })
    // what waits on the phone, this batch included (queue-report.ts)
    const queue = { pending: records.length - i, attention: 0, oldestUnsentAt: entries[0]?.at ?? null }
    bodies.push(pushBody({ deviceId, batchId: v7(), ...queue, appVersion: '0.1.0' }, entries))
  }
  return bodies
}

/** The push bodies gzip-compressed (zlib's default level, as CompressionStream's). */
export function compressedBatches<E extends Entity = 'registration'>(
  records: readonly EntityData[E][],
  owner: BatchOwner,
  entity: E = 'registration' as E,
): Buffer[] {
  return pushBodies(records, owner, entity).map((body) => gzipSync(JSON.stringify(body)))
}

/** The pushes exactly as the app's sync client sends them: bytes and headers (push-request.ts). */
export async function phonePushes(
  bodies: readonly PushRequest[],
): Promise<{ bytes: Buffer; headers: Record<string, string> }[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const { bytes, headers } = await pushRequest(body, 1024)
      return { bytes: Buffer.from(bytes), headers }
    }),
  )
}
