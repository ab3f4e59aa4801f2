/**
 * What waits on this phone, as it tells the server with each push (shared/queue-report.ts):
 * changes to send, records needing attention, and when the oldest change still waiting
 * was saved. Read from clear fields only, so it works locked too.
 */
import Dexie from 'dexie'
import type { QueueFigures } from '@/shared/queue-report'
import { attentionCount } from './attention'
import type { RelaisDb } from './db'
import { pendingCount } from './outbox'
import type { OutboxStatus } from './outbox-entry'

/** The statuses of entries still waiting to be sent (parked ones need attention instead). */
const WAITING: OutboxStatus[] = ['queued', 'sealed']

export async function queueFigures(db: RelaisDb): Promise<QueueFigures & { attention: number }> {
  const [pending, attention, oldestUnsentAt] = await Promise.all([
    pendingCount(db),
    attentionCount(db),
    oldestWaitingAt(db),
  ])
  return { pending, attention, oldestUnsentAt }
}

/** When the oldest entry still waiting was saved (each status's first in save order), or null. */
async function oldestWaitingAt(db: RelaisDb): Promise<string | null> {
  const firsts = await Promise.all(
    WAITING.map((status) =>
      db.outbox.where('[status+seq]').between([status, Dexie.minKey], [status, Dexie.maxKey]).first(),
    ),
  )
  const times = firsts.flatMap((entry) => (entry ? [Date.parse(entry.at)] : [])).filter((t) => !Number.isNaN(t))
  return times.length === 0 ? null : new Date(Math.min(...times)).toISOString()
}
