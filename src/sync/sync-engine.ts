/**
 * Owns when sync runs: at start, when the browser comes online or the page becomes
 * visible, on a timer while work waits, and on a backoff timer after a failure. One run
 * at a time per tab (calls during a run fold into one follow-up) and, given Web Locks,
 * one tab per user. No React, no DOM: the browser's pieces are injected.
 */
import { pendingCount } from '@/data/outbox'
import { getSyncStatus } from '@/data/sync-status'
import type { SyncEngineDeps } from './engine-deps'
import { runSync, type NextRun, type RunState } from './sync-run'

export type { LockManagerLike, SyncEngineDeps, SyncTriggers } from './engine-deps'

export interface SyncEngine {
  /** Runs now; a call during a run is folded into one follow-up run. */
  syncNow(reason?: string): Promise<void>
  /** Resolves once no run is in progress (or waiting to follow one). */
  idle(): Promise<void>
  start(): void
  stop(): void
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db } = deps
  const now = deps.now ?? (() => new Date())
  const setTimer = deps.setTimer ?? ((cb, ms) => setTimeout(cb, ms))
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const intervalMs = deps.intervalMs ?? 30_000
  const pullIntervalMs = deps.pullIntervalMs ?? 15 * 60_000
  const state: RunState = { attempt: 0, refusedToken: null, updateRequired: false, heldRetryDue: true }
  let started = false
  let timer: unknown
  let unsubscribe: (() => void)[] = []
  let current: Promise<void> | null = null
  let followUp: Promise<void> | null = null

  function cancelTimer(): void {
    if (timer !== undefined) clearTimer(timer)
    timer = undefined
  }

  function schedule(next: NextRun): void {
    cancelTimer()
    if (!started || next.after === 'nothing') return
    const [ms, then] = next.after === 'retry' ? [next.delayMs, () => syncNow('retry')] : [intervalMs, tick]
    timer = setTimer(() => {
      timer = undefined
      then().catch(() => schedule({ after: 'interval' }))
    }, ms)
  }

  /** The interval tick: sync when entries wait, or when the last pull is old. */
  async function tick(): Promise<void> {
    const status = await getSyncStatus(db)
    const last = status.lastSuccessAt ? Date.parse(status.lastSuccessAt) : 0
    const due = (await pendingCount(db)) > 0 || now().getTime() - last >= pullIntervalMs
    if (due) await syncNow('interval')
    else schedule({ after: 'interval' })
  }

  async function runExclusive(): Promise<void> {
    // every run schedules the next when it ends: a timer armed earlier (a backoff retry
    // set while offline) would only start a second, needless run after this one
    cancelTimer()
    try {
      if (!deps.locks) return schedule(await runSync(deps, state))
      await deps.locks.request(`relais-sync-${db.userId}`, { ifAvailable: true }, async (lock) => {
        // another tab holds the lock and syncs; this one looks again later
        schedule(lock ? await runSync(deps, state) : { after: 'interval' })
      })
    } catch {
      // the status could not even be written (storage gone): try again on the next tick
      schedule({ after: 'interval' })
    }
  }

  // TODO(hardening issue): pass the reason into the status for the sync dashboard
  function syncNow(reason = 'manual'): Promise<void> {
    if (!current) {
      current = runExclusive().finally(() => {
        current = null
      })
      return current
    }
    followUp ??= current.then(() => {
      followUp = null
      return syncNow(reason)
    })
    return followUp
  }

  return {
    syncNow,
    async idle() {
      while (current || followUp) await (followUp ?? current)
    },
    start() {
      if (started) return
      started = true
      if (deps.events) {
        const { onOnline, onVisible } = deps.events
        unsubscribe = [onOnline(() => void syncNow('online')), onVisible(() => void syncNow('visible'))]
      }
      void syncNow('start')
    },
    stop() {
      started = false
      cancelTimer()
      for (const off of unsubscribe) off()
      unsubscribe = []
    },
  }
}
