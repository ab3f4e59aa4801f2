/**
 * When to try again, and what a failed answer means. Pure: no
 * timers, no I/O; the engine acts on the result.
 */
import type { TransportFailure } from './transport'

export const FIRST_DELAY_MS = 1000
export const MAX_DELAY_MS = 5 * 60 * 1000
/** Up to this share of a delay is taken off at random. */
export const JITTER = 0.25

/**
 * The wait before retry number `attempt` (0 for the first): 1 s doubling up to 5 min,
 * minus up to 25 % at random, so that a hundred devices that come back online together
 * do not all knock at the same second. Never above the cap.
 */
export function nextDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(Math.max(attempt, 0), 30))
  return Math.round(base * (1 - JITTER * random()))
}

/**
 * - `retry`: try the same batch (same batchId) again after a delay;
 * - `sign_in`: pause; the token is refused and the queue stays as it is;
 * - `disabled`: 401 `account_disabled`: an admin disabled the account. Signing in again
 *   cannot help, and re-enabling it makes the same token good again: keep every entry,
 *   say why, and try again after a delay (the backoff, up to 5 min);
 * - `split`: the batch is too large: send it as two halves;
 * - `halt`: a bug on one side (400 invalid_batch, other 4xx): keep the entries, show the
 *   error, stop this run;
 * - `wipe_now`: the device is revoked in `block` mode: erase local data at once;
 * - `wipe_after_upload`: revoked in `wipe_after_upload` mode: erase once the queue is done;
 * - `update`: 426 `app_update_required`: the server no longer serves this version. Keep
 *   every entry and stop trying until the app reloads (an update): asking again with
 *   the same version can only get the same answer.
 */
export type FailureAction =
  'retry' | 'sign_in' | 'disabled' | 'split' | 'halt' | 'wipe_now' | 'wipe_after_upload' | 'update'

export function classify(failure: TransportFailure): FailureAction {
  if (failure.kind !== 'http') return 'retry'
  const { status, error, mode } = failure
  if (status === 426 && error === 'app_update_required') return 'update'
  if (status === 401 && error === 'account_disabled') return 'disabled'
  if (status === 401) return error === 'device_revoked' && mode === 'block' ? 'wipe_now' : 'sign_in'
  if (status === 403 && error === 'device_revoked') return mode === 'block' ? 'wipe_now' : 'wipe_after_upload'
  if (status === 413) return 'split'
  if (status === 408 || status === 429 || status >= 500) return 'retry'
  return 'halt'
}

/** The delay for a retry: the backoff, or longer when the server said so (Retry-After). */
export function retryDelay(attempt: number, failure: TransportFailure, random?: () => number): number {
  const backoff = nextDelay(attempt, random)
  const asked = failure.kind === 'http' && failure.retryAfterSeconds ? failure.retryAfterSeconds * 1000 : 0
  return Math.max(backoff, asked)
}
