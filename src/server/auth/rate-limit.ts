/**
 * Failed sign-ins in a sliding window, in memory (sync-protocol.md: 10 per username or
 * 50 per address within 15 minutes). A restart forgets them, which only helps the
 * real user who mistyped before it.
 */
export interface SignInLimits {
  windowMs: number
  perUsername: number
  perAddress: number
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { windowMs: 15 * 60 * 1000, perUsername: 10, perAddress: 50 }

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before the next attempt, or 0 when one may try now. */
  retryAfter(username: string, address: string): number {
    const wait = Math.max(
      this.waitFor(`user:${username.toLowerCase()}`, this.limits.perUsername),
      this.waitFor(`addr:${address}`, this.limits.perAddress),
    )
    return Math.ceil(wait / 1000)
  }

  recordFailure(username: string, address: string): void {
    for (const key of [`user:${username.toLowerCase()}`, `addr:${address}`]) {
      this.failures.set(key, [...this.recent(key), this.now()])
    }
  }

  /** A good sign-in clears that username's failures (not the address's). */
  recordSuccess(username: string): void {
    this.failures.delete(`user:${username.toLowerCase()}`)
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs
    const times = (this.failures.get(key) ?? []).filter((t) => t > since)
    if (times.length === 0) this.failures.delete(key)
    return times
  }

  private waitFor(key: string, limit: number): number {
    const times = this.recent(key)
    if (times.length < limit) return 0
    // the oldest failure that keeps the count at the limit must leave the window
    const oldest = times[times.length - limit] ?? this.now()
    return Math.max(1000, oldest + this.limits.windowMs - this.now())
  }
}
