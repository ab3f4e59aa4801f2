/**
 * One sync run: push the outbox, pull the server's changes, refresh the sites, then
 * write the outcome into the sync status and say when to run next. The engine
 * (sync-engine.ts) decides when runs happen; this decides what a run's answer means.
 */
import { pendingCount } from '@/data/outbox'
import { retryHeldChanges } from '@/data/retry-held'
import { getSyncStatus, updateSyncStatus, type SyncStatus } from '@/data/sync-status'
import { newId } from '@/shared/ids'
import { PROTOCOL_LIMITS } from './batch-plan'
import type { SyncEngineDeps } from './engine-deps'
import { pullChanges } from './pull-run'
import { pushOutbox, pushSealed, type PhaseResult } from './push-run'
import { retryDelay } from './retry-policy'

/** Kept by the engine between runs. */
export interface RunState {
  /** Failed runs in a row: the backoff's attempt number. */
  attempt: number
  /** The token the server refused: no run with it again. */
  refusedToken: string | null
  /** The server refused this app version (426): no run until the app reloads (an update). */
  updateRequired: boolean
  /** Held changes are retried at the first unlocked run, and again after each lock. */
  heldRetryDue: boolean
}

/**
 * `interval`: the regular tick (purely local while there is no usable token, so a new
 * sign-in is picked up without the UI's help); `nothing`: the device is being wiped, or
 * waits for an update of the app.
 */
export type NextRun = { after: 'interval' } | { after: 'retry'; delayMs: number } | { after: 'nothing' }

type RunResult = PhaseResult | { ok: false; internal: string }

export async function runSync(deps: SyncEngineDeps, state: RunState): Promise<NextRun> {
  const { db } = deps
  await retryHeldWhenDue(deps, state)
  if (state.updateRequired) return { after: 'nothing' }
  const token = deps.getToken()
  if (!token || token === state.refusedToken) return { after: 'interval' }
  state.refusedToken = null
  const now = deps.now ?? (() => new Date())
  const before = await getSyncStatus(db)
  // a refusal an older version of the app got (before the update): this one may be served
  const refusedOther = before.updateRequired && before.updateRequired.appVersion !== (deps.appVersion ?? null)
  await updateSyncStatus(db, {
    running: true,
    progress: null,
    lastAttemptAt: now().toISOString(),
    needsSignIn: false,
    ...(refusedOther ? { updateRequired: null } : {}),
  })
  let result: RunResult
  try {
    result = await attempt(deps, before)
  } catch (err) {
    // a local fault (storage full, a bug): keep everything, back off, show it
    result = { ok: false, internal: err instanceof Error ? err.message : String(err) }
  }
  const at = now().toISOString()
  const done: Partial<SyncStatus> = { running: false, progress: null }
  let next: NextRun
  if (result.ok) {
    state.attempt = 0
    await updateSyncStatus(db, {
      ...done,
      online: true,
      lastSuccessAt: at,
      lastError: null,
      nextRetryAt: null,
      updateRequired: null,
      accountDisabled: false,
    })
    next = { after: 'interval' }
  } else if ('internal' in result) {
    next = await backOff(deps, state, { ...done, lastError: { code: 'internal', message: result.internal, at } })
  } else {
    const { failure, action } = result
    const lastError = { code: failure.kind === 'http' ? failure.error : failure.kind, message: failure.message, at }
    const online = failure.kind === 'http'
    // only a server's answer tells whether the account is (still) disabled; no link leaves it as it was
    if (online) done.accountDisabled = action === 'disabled'
    if (action === 'sign_in') {
      state.refusedToken = token
      await updateSyncStatus(db, { ...done, online, lastError, needsSignIn: true, nextRetryAt: null })
      deps.onAuthRequired?.()
      return { after: 'interval' }
    }
    if (action === 'update') {
      // every entry stays; asking again with this version can only get the same answer
      state.updateRequired = true
      const minAppVersion = failure.kind === 'http' ? (failure.minAppVersion ?? null) : null
      const updateRequired = { appVersion: deps.appVersion ?? null, minAppVersion }
      await updateSyncStatus(db, { ...done, online, lastError, nextRetryAt: null, updateRequired })
      return { after: 'nothing' }
    }
    if (action === 'wipe_now') {
      await updateSyncStatus(db, { ...done, online, lastError, wipeRequested: true, nextRetryAt: null })
      deps.onWipeRequested?.()
      return { after: 'nothing' }
    }
    const wipe = action === 'wipe_after_upload' ? { wipeRequested: true } : {}
    // retry, halt and disabled keep the entries and back off: a halt is a bug on one side,
    // and retrying slowly is how the queue gets through once it is fixed; a disabled
    // account's token works again, unchanged, once an admin enables the account
    next = await backOff(
      deps,
      state,
      { ...done, ...wipe, online, lastError },
      retryDelay(state.attempt, failure, deps.random),
    )
  }
  const status = await getSyncStatus(db)
  if (status.wipeRequested && (await pendingCount(db)) === 0) deps.onWipeRequested?.()
  return next
}

async function attempt(deps: SyncEngineDeps, before: SyncStatus): Promise<PhaseResult> {
  const { db } = deps
  if (deps.probe && !before.online && !(await deps.probe())) {
    return { ok: false, failure: { kind: 'network', message: 'The server cannot be reached' }, action: 'retry' }
  }
  const ctx = {
    db,
    transport: deps.transport,
    deviceId: deps.deviceId,
    appVersion: deps.appVersion,
    limits: deps.limits ?? PROTOCOL_LIMITS,
    newId: deps.newId ?? newId,
    onProgress: async (sent: number, total: number) => void (await updateSyncStatus(db, { progress: { sent, total } })),
  }
  const sealed = await pushSealed(ctx)
  if (!sealed.ok) return sealed
  // locked: only what was sealed uploads (the rest waits, encrypted, for unlock); no pull
  if (deps.isLocked?.()) {
    if (sealed.wipe) await updateSyncStatus(db, { wipeRequested: true })
    return sealed
  }
  const pushed = await pushOutbox(ctx)
  const wipe = sealed.wipe || (pushed.ok && pushed.wipe)
  if (wipe) await updateSyncStatus(db, { wipeRequested: true })
  return pushed.ok ? pullChanges(ctx) : pushed
}

/**
 * Retries the changes held from a newer server (data/retry-held.ts) at the first run with
 * the keys in memory, which is the first after an unlock (a reload, and so an update,
 * always goes through one). Local work: it needs no token and no network.
 */
async function retryHeldWhenDue(deps: SyncEngineDeps, state: RunState): Promise<void> {
  if (deps.isLocked?.()) {
    state.heldRetryDue = true
    return
  }
  if (!state.heldRetryDue) return
  try {
    await retryHeldChanges(deps.db, deps.appVersion !== undefined ? { appVersion: deps.appVersion } : {})
    state.heldRetryDue = false
  } catch {
    // locked meanwhile, or storage trouble: the next run tries again
  }
}

async function backOff(
  deps: SyncEngineDeps,
  state: RunState,
  patch: Partial<SyncStatus>,
  delayMs = retryDelay(state.attempt, { kind: 'network', message: '' }, deps.random),
): Promise<NextRun> {
  state.attempt += 1
  const now = deps.now?.() ?? new Date()
  await updateSyncStatus(deps.db, { ...patch, nextRetryAt: new Date(now.getTime() + delayMs).toISOString() })
  return { after: 'retry', delayMs }
}
