/**
 * What waits on a phone, as it reports it with each push (`queue`, sync-protocol.md rule 6
 * and its additive notes), and what the server keeps of it once it has answered the
 * batch. The phone works the same answer out, to know whether the server's figures are
 * still true when it has nothing to send (push-run.ts).
 */
import { z } from 'zod'
import { boundedTimestampSchema } from './schemas/common'
import type { PushStatus } from './schemas/sync'

/** Larger than any phone's queue, and within the database's integer column. */
export const MAX_QUEUE_COUNT = 10_000_000

export const queueSchema = z.object({
  /** Changes waiting on the phone, this batch's included: mutations, not the records its screens count. */
  pending: z.int().min(0).max(MAX_QUEUE_COUNT),
  /** Records needing attention on the phone (refused, or in conflict), before this batch's answer. Additive. */
  attention: z.int().min(0).max(MAX_QUEUE_COUNT).optional(),
  /** When the oldest change still waiting was saved, by the phone's clock; null when none waits. Additive. */
  oldestUnsentAt: boundedTimestampSchema.nullable().optional(),
})
export type QueueReport = z.infer<typeof queueSchema>

/** The figures of a (device, user) pair; null: the phone did not say (an older app). */
export interface QueueFigures {
  pending: number
  attention: number | null
  oldestUnsentAt: string | null
}

export interface AnsweredMutation {
  recordId: string
  status: PushStatus
  /** For `duplicate`: what the mutation was first answered. */
  was?: PushStatus | undefined
}

const needsAttention = ({ status, was }: AnsweredMutation) => {
  const outcome = status === 'duplicate' ? was : status
  return outcome === 'rejected' || outcome === 'conflict'
}

/**
 * What still waits on the phone once the batch is answered: the answered changes leave
 * the queue, the records they got refused or in conflict join those needing attention,
 * and with nothing left to send there is no oldest one.
 */
export function queueAfterAnswer(queue: QueueReport, answered: readonly AnsweredMutation[]): QueueFigures {
  const pending = Math.max(0, queue.pending - answered.length)
  const flagged = new Set(answered.filter(needsAttention).map((a) => a.recordId)).size
  const oldest = queue.oldestUnsentAt ?? null
  return {
    pending,
    attention: queue.attention === undefined ? null : Math.min(MAX_QUEUE_COUNT, queue.attention + flagged),
    oldestUnsentAt: pending === 0 || oldest === null ? null : new Date(oldest).toISOString(),
  }
}

/** Whether two reports say the same. */
export function sameFigures(a: QueueFigures, b: QueueFigures): boolean {
  return a.pending === b.pending && a.attention === b.attention && a.oldestUnsentAt === b.oldestUnsentAt
}
