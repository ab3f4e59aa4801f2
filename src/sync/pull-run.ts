/**
 * Pulls the server's changes page by page from the stored cursor, then refreshes the
 * site list and the staff directory, and removes the records of sites the user no longer
 * covers (data/lost-sites.ts). Each page and its cursor are stored together (data/pull-apply.ts); the
 * next page is asked for while one is stored.
 */
import { DEFAULT_PULL_LIMIT } from '@/shared/schemas/sync'
import { applyPulledChanges, getPullCursor, resetPullCursor } from '@/data/pull-apply'
import { removeLostSiteRecords } from '@/data/lost-sites'
import { replaceSites } from '@/data/sites'
import { replaceStaff } from '@/data/staff'
import { updateSyncStatus } from '@/data/sync-status'
import { classify } from './retry-policy'
import type { PhaseContext, PhaseResult } from './push-run'
import type { TransportFailure } from './transport'

/** A guard against a server that always says `more`: the next run carries on. */
const MAX_PAGES_PER_RUN = 1000

export async function pullChanges(
  ctx: Pick<PhaseContext, 'db' | 'transport'>,
  limit = DEFAULT_PULL_LIMIT,
): Promise<PhaseResult> {
  let cursor = await getPullCursor(ctx.db)
  let restarted = false
  // the next page travels while this one is stored: a new phone's pull is as fast as the
  // slower of the link and the phone, not their sum
  let prefetched: ReturnType<typeof ctx.transport.pull> | undefined
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    const outcome = await (prefetched ?? ctx.transport.pull(cursor, limit))
    prefetched = undefined
    if (!outcome.ok && isUnknownCursor(outcome.failure) && cursor !== undefined && !restarted) {
      // the server does not know this cursor (restored from a backup?): start again from the beginning, once
      await resetPullCursor(ctx.db)
      cursor = undefined
      restarted = true
      continue
    }
    if (!outcome.ok) return { ok: false, failure: outcome.failure, action: classify(outcome.failure) }
    const { changes, cursor: next, more } = outcome.value
    const stuck = changes.length === 0 && next === cursor
    if (more && !stuck && page + 1 < MAX_PAGES_PER_RUN) prefetched = ctx.transport.pull(next, limit)
    try {
      await applyPulledChanges(ctx.db, changes, next)
    } catch (error) {
      void prefetched?.catch(() => undefined) // the page after an unstored one is not used
      throw error
    }
    cursor = next
    if (!more || stuck) break
  }
  const sites = await ctx.transport.fetchSites()
  if (!sites.ok) return { ok: false, failure: sites.failure, action: classify(sites.failure) }
  await replaceSites(ctx.db, sites.value)
  if (sites.clock) await updateSyncStatus(ctx.db, { serverClock: sites.clock })
  // the staff directory only names people in timelines: without it (an older server, a
  // blip) the phone keeps the one it had and the sync still succeeds
  const staff = await ctx.transport.fetchStaff()
  if (staff.ok) await replaceStaff(ctx.db, staff.value)
  // the user's sites as they are now: records of a site taken away leave the phone (an
  // older server, or a blip, leaves them until the next sync)
  const access = await ctx.transport.fetchAccess?.()
  if (access?.ok) await updateSyncStatus(ctx.db, { sites: [...access.value.sites] })
  if (access?.ok && access.value.role !== 'admin') await removeLostSiteRecords(ctx.db, access.value.sites)
  return { ok: true, wipe: false }
}

function isUnknownCursor(failure: TransportFailure): boolean {
  return failure.kind === 'http' && failure.status === 400 && failure.error === 'invalid_cursor'
}
