/**
 * The sign-in limits (sync-protocol.md: 10 failed sign-ins per username or 50 per
 * address within 15 minutes → 429 with Retry-After), kept in the database so that they
 * hold under concurrency, across restarts and across server processes.
 *
 * An attempt takes its slots (one for the username, one for the address) before the
 * password hash is checked, so forty guesses sent at once find the username full after
 * the tenth: at most ten ever reach scrypt. A failed attempt keeps its slots until they
 * leave the window; a good one releases its address slot and clears its username's.
 * Usernames count case-insensitively.
 */
import type { Db } from '../db/open'
import { ApiError } from '../http/api-error'
import {
  clearUsernameSlots,
  fullUsernames,
  releaseSignInSlots,
  takeSignInSlots,
  usernameSlotTimes,
} from '../store/sign-in-attempts'

export interface SignInLimits {
  windowMs: number
  perUsername: number
  perAddress: number
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60 * 1000, perUsername: 10, perAddress: 50 }

/** The slots one attempt holds, until it is known to be good. */
export interface SignInSlot {
  attemptId: string
  username: string
}

const usernameKey = (username: string) => username.toLowerCase()

export class SignInLimiter {
  constructor(
    private readonly db: Db,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes the attempt's slots, or throws 429 `too_many_attempts` with the seconds to wait. */
  async take(
    username: string,
    address: string,
    message = 'Too many failed sign-ins; try again later',
  ): Promise<SignInSlot> {
    const key = usernameKey(username)
    const result = await takeSignInSlots(
      this.db,
      [
        { kind: 'username', value: key, limit: this.limits.perUsername },
        { kind: 'address', value: address, limit: this.limits.perAddress },
      ],
      this.limits.windowMs,
      this.now(),
    )
    if (!result.taken) {
      const retryAfter = Math.max(1, Math.ceil(result.retryAfterMs / 1000))
      throw new ApiError(429, 'too_many_attempts', message, { retryAfter })
    }
    return { attemptId: result.attemptId, username: key }
  }

  /** The attempt was good: its address slot is released and the username's failures are forgotten. */
  async succeeded(slot: SignInSlot): Promise<void> {
    await releaseSignInSlots(this.db, slot.attemptId, slot.username)
  }

  /** Forgets a username's failures (an admin clears its lock); returns how many there were. */
  clear(username: string): Promise<number> {
    return clearUsernameSlots(this.db, usernameKey(username))
  }

  /**
   * Until when the username is refused for its failures (its oldest slot that keeps it
   * full leaves the window then, as `take` counts), or null when it is not.
   */
  async lockedUntil(username: string): Promise<Date | null> {
    const now = this.now()
    const since = new Date(now.getTime() - this.limits.windowMs)
    const times = await usernameSlotTimes(this.db, usernameKey(username), since, this.limits.perUsername)
    const oldest = times[this.limits.perUsername - 1]
    return oldest === undefined ? null : new Date(Date.parse(oldest) + this.limits.windowMs)
  }

  /** Of `usernames`, those refused now for their failures, each with until when (as `lockedUntil`). */
  async locksOf(usernames: readonly string[]): Promise<Map<string, Date>> {
    const since = new Date(this.now().getTime() - this.limits.windowMs)
    const full = await fullUsernames(this.db, usernames.map(usernameKey), since, this.limits.perUsername)
    const locks = new Map<string, Date>()
    for (const username of usernames) {
      const oldest = full.get(usernameKey(username))
      if (oldest !== undefined) locks.set(username, new Date(Date.parse(oldest) + this.limits.windowMs))
    }
    return locks
  }
}
