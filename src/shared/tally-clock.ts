/**
 * The rule on a tally filed by a phone whose clock is days behind (server/store/clock-behind.ts
 * checks it; GET /api/v1/schema publishes it; the phone says it in words).
 */
import { serverRule } from './schemas/rule-issue'

/** How far behind the phone's clock must be, as it sends, for its new tallies to be refused. */
export const CLOCK_BEHIND_LIMIT_MS = 24 * 3_600_000

export const CLOCK_BEHIND_RULE = serverRule(
  'clock_behind',
  ['observedAt'],
  "a new tally is refused when the push's sentAt is a day or more behind the server's clock and the tally was saved no later than sentAt (by that same clock): its day came from a clock days behind",
)
