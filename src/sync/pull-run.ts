/**
 * Pulls the server's changes page by page from the stored cursor, saves again at their
 * case's site the new records refused away from it (data/case-site.ts), queues again now
 * and then those kept for a centre the user does not cover (data/moved-case-work.ts),
 * then refreshes the site list and the staff directory, and removes the records of sites
 * the user no longer covers (data/lost-sites.ts). Each page and its cursor are stored
 * together (data/pull-apply.ts).
 */
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT } from '@/shared/schemas/sync'
import { getPullCursor, resetPullCursor } from '@/data/pull-apply'
import type { PageHeader } from '@/data/pulled-page'
import { pullWorkers, type PullPage, type PullWorkers } from '@/data/pull-workers'
import { followMovedCases } from '@/data/case-site'
import { askAboutMovedCaseWork } from '@/data/moved-case-work'
import { removeLostSiteRecords } from '@/data/lost-sites'
import { replaceSites } from '@/data/sites'
import { replaceStaff } from '@/data/staff'
import { updateSyncStatus } from '@/data/sync-status'
import { unexpectedAnswer } from './http'
import { classify } from './retry-policy'
import type { PhaseContext, PhaseResult } from './push-run'
import type { SyncTransport, TransportFailure } from './transport'

/** The server's answer: where the pull goes on from and a page being checked and sealed, or why there is none. */
type FetchedPage = ({ ok: true; page: PullPage } & PageHeader) | { ok: false; failure: TransportFailure }

/** A guard against a server that always says `more`: the next run carries on. */
const MAX_PAGES_PER_RUN = 1000

/** A full page that came within this long: the link is fast, and the next page asks for as many as the server gives. */
export const FAST_PAGE_MS = 1000

export interface PullOptions {
  /** Changes asked for per page over a slow link (and first): the protocol's default. */
  limit?: number
  /** Milliseconds of a monotonic clock, that tells a fast link (tests give theirs). */
  now?: () => number
}

/**
 * How many changes the next page asks for: as many as the server gives (MAX_PULL_LIMIT,
 * its largest page) after a full page that came fast, where each page's own cost (its request, its
 * transaction, the hand-over between the pull's workers) then counts for less; `limit`
 * after a slow one, so that a page over a weak 2G link stays small enough to come whole.
 */
export function nextPageLimit(limit: number, page: { asked: number; changes: number; ms: number }): number {
  return page.changes >= page.asked && page.ms <= FAST_PAGE_MS ? Math.max(limit, MAX_PULL_LIMIT) : limit
}

export async function pullChanges(
  ctx: Pick<PhaseContext, 'db' | 'transport'>,
  options: PullOptions = {},
): Promise<PhaseResult> {
  const workers = pullWorkers(ctx.db)
  try {
    const failed = await pullPages(ctx, workers, options)
    // what the stored pages wrote reaches the page's thread (its case index) before the pull ends
    await workers.told()
    if (failed) return failed
  } catch (error) {
    await workers.told().catch(() => undefined) // the pages stored before the failure too
    throw error
  } finally {
    workers.close()
  }
  // a new record refused at the site its case left goes to the case's site now (data/case-site.ts)
  await followMovedCases(ctx.db)
  // one kept for a supervisor of a centre the user does not cover is asked about again (data/moved-case-work.ts)
  await askAboutMovedCaseWork(ctx.db)
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

/**
 * Stores the server's pages from the stored cursor on; a failure the engine decides on is
 * answered, anything else thrown. The next page travels, and is then checked and sealed
 * (in a worker for a big page, which also reads the server's text of it when the
 * transport gives it: data/pull-workers.ts), while this one is written: a new
 * phone's pull goes as fast as its busiest part (the link, the phone's cores, its
 * storage), not their sum. Pages are still stored one after the other, each with its cursor.
 */
async function pullPages(
  ctx: Pick<PhaseContext, 'db' | 'transport'>,
  workers: PullWorkers,
  { limit = DEFAULT_PULL_LIMIT, now = () => performance.now() }: PullOptions,
): Promise<PhaseResult | undefined> {
  let cursor = await getPullCursor(ctx.db)
  let restarted = false
  let asking = limit
  const fetchPage = async (since: string | undefined): Promise<FetchedPage> => {
    const asked = asking
    const start = now()
    let ms = Infinity
    const fetched = await readPage(ctx.transport, workers, since, asked, () => (ms = now() - start))
    if (fetched.ok) asking = nextPageLimit(limit, { asked, changes: fetched.changes, ms })
    else if (asked > limit && isRefusedRequest(fetched.failure)) {
      // a server that gives fewer changes per page: asked again, as at first
      asking = limit
      return fetchPage(since)
    }
    return fetched
  }
  let ahead: Promise<FetchedPage> | undefined
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    const fetched = await (ahead ?? fetchPage(cursor))
    ahead = undefined
    if (!fetched.ok && isUnknownCursor(fetched.failure) && cursor !== undefined && !restarted) {
      // the server does not know this cursor (restored from a backup?): start again from the beginning, once
      await resetPullCursor(ctx.db)
      cursor = undefined
      restarted = true
      continue
    }
    if (!fetched.ok) return { ok: false, failure: fetched.failure, action: classify(fetched.failure) }
    const { changes, cursor: next, more } = fetched
    const stuck = changes === 0 && next === cursor
    if (more && !stuck && page + 1 < MAX_PAGES_PER_RUN) ahead = fetchPage(next)
    try {
      await fetched.page.store(next)
    } catch (error) {
      void ahead?.catch(() => undefined) // the page after an unstored one is not used
      throw error
    }
    cursor = next
    if (!more || stuck) break
  }
  return undefined
}

/**
 * A page from the server, `arrived` called as soon as the answer is in: its text is read
 * in a worker when the transport gives the text (data/pull-workers.ts).
 */
async function readPage(
  transport: SyncTransport,
  workers: PullWorkers,
  since: string | undefined,
  limit: number,
  arrived: () => void,
): Promise<FetchedPage> {
  if (transport.pullText) {
    const text = await transport.pullText(since, limit)
    arrived()
    if (!text.ok) return text
    const read = await workers.read(text.value)
    return read.ok ? read : unexpectedAnswer()
  }
  const outcome = await transport.pull(since, limit)
  arrived()
  if (!outcome.ok) return outcome
  const { cursor, more, changes } = outcome.value
  return { ok: true, cursor, more, changes: changes.length, page: workers.prepare(changes) }
}

function isUnknownCursor(failure: TransportFailure): boolean {
  return failure.kind === 'http' && failure.status === 400 && failure.error === 'invalid_cursor'
}

function isRefusedRequest(failure: TransportFailure): boolean {
  return failure.kind === 'http' && failure.status === 400 && !isUnknownCursor(failure)
}
