/**
 * Work this phone recorded on a case that moved away meanwhile (docs/api.md, Work on a
 * case that moved). The user covers the centre the case left, not the one it went to: the
 * server refused the record (`unavailable`) but kept it for a supervisor of the case's
 * centre now, and said so (`kept_for_case_site`). Editing cannot fix it here, and the
 * phone does not hold the case any more (its pull brought the case's departure).
 *
 * As for refused changes at a lost site (lost-sites.ts), the phone asks again now and then
 * by sending the refused change once more: the server answers a `duplicate` with the
 * decision. Accepted, the record is the case's centre's: the server gives it back only
 * where the user may still read it (the case came back to one of their sites); otherwise it
 * leaves the phone with the answer (acknowledge.ts). Discarded, or erased because the
 * person withdrew consent, the refusal says so and is not asked about again; the user
 * discards it as any refused record.
 */
import { KEPT_FOR_CASE_SITE, NO_LONGER_KEPT } from '@/shared/kept-work'
import type { FieldError, PushResult } from '@/shared/schemas/sync'
import type { RelaisDb } from './db'
import { ASK_AGAIN_MS } from './lost-sites'
import { listParked, queueAgainAsSent } from './outbox'
import type { OutboxEntry } from './outbox-entry'

const STATE_KEY = 'movedCaseWorkAsked'

/** A refusal the server keeps for a supervisor of the record's case's centre, still undecided. */
export function keptForCaseSite(errors: readonly FieldError[] | undefined): boolean {
  if (!errors?.some((e) => e.code === KEPT_FOR_CASE_SITE)) return false
  return !errors.some((e) => NO_LONGER_KEPT.includes(e.code))
}

/**
 * Whether the server's answer to such a change, sent again, means its record leaves the
 * phone: a supervisor accepted it, and the record is at a centre the user does not cover
 * (the answer carries the record only to someone who may read it).
 */
export function leavesWithDecision(entry: OutboxEntry, result: PushResult): boolean {
  if (!keptForCaseSite(entry.errors)) return false
  return result.status === 'duplicate' && result.was !== 'rejected' && result.data === undefined
}

/**
 * Queues again, as they were sent, the changes kept for a case's centre and still
 * undecided, every ASK_AGAIN_MS: the server answers each as a `duplicate` carrying the
 * decision (or the same refusal, and it is parked again). The first time such a change is
 * found only starts the clock: the server has just answered it. Answers how many were queued.
 */
export async function askAboutMovedCaseWork(db: RelaisDb, now: Date = new Date()): Promise<number> {
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    const parked = await listParked(db)
    const waiting = new Set(parked.filter((e) => keptForCaseSite(e.errors)).map((e) => e.recordId))
    if (waiting.size === 0) {
      await db.meta.delete(STATE_KEY)
      return 0
    }
    const askedAt = (await db.meta.get(STATE_KEY))?.value
    if (typeof askedAt !== 'string' || Number.isNaN(Date.parse(askedAt))) {
      await db.meta.put({ key: STATE_KEY, value: now.toISOString() })
      return 0
    }
    if (now.getTime() - Date.parse(askedAt) < ASK_AGAIN_MS) return 0
    // a record with any other change waiting (queued, or refused for another reason) is left as it is
    const entries = await db.outbox
      .where('recordId')
      .anyOf([...waiting])
      .toArray()
    const blocked = new Set(
      entries.filter((e) => e.status !== 'parked' || !keptForCaseSite(e.errors)).map((e) => e.recordId),
    )
    const again = entries.filter((e) => !blocked.has(e.recordId))
    await queueAgainAsSent(db, again)
    await db.meta.put({ key: STATE_KEY, value: now.toISOString() })
    return again.length
  })
}
