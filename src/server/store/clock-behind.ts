/**
 * A tally filed by a phone whose clock is days behind (sync-protocol.md, additive): its
 * day and time come from that clock, so the server's daily figures would count it days
 * early. Tallies legitimately arrive days late (no link for days), so neither the time
 * observed nor the time saved, both read on the phone's clock, can tell a late tally from
 * a wrong clock; only the phone's clock as it sends (`sentAt`) against the server's does.
 * The server refuses, at `observedAt`, a new tally saved by a clock a day or more behind
 * at sending, unless the phone's clock moved back after the save (the save then reads a
 * time after the sending): the monitor sets the clock and corrects the day, from Needs
 * attention. Less than a day is left to the phone's clock warning: a few hours' error files
 * a tally on the wrong day only near midnight, and the sending's own delay on a slow link
 * must never be mistaken for it. A correction of a tally the server already took is not
 * judged: it stays on that tally's day.
 */
import { siteDay } from '../../shared/site-time'
import type { FieldError, Mutation } from '../../shared/schemas/sync'
import { CLOCK_BEHIND_LIMIT_MS, CLOCK_BEHIND_RULE } from '../../shared/tally-clock'
import type { RecordData, StoredRecord } from './records'

/** The phone's clock as a push was sent, beside the server's when it came. */
export interface SendingClock {
  sentAt: number
  receivedAt: number
}

export function sendingClock(sentAt: string | undefined, receivedAt: Date): SendingClock | undefined {
  const at = sentAt === undefined ? NaN : Date.parse(sentAt)
  return Number.isNaN(at) ? undefined : { sentAt: at, receivedAt: receivedAt.getTime() }
}

export function clockBehindErrors(
  mutation: Mutation,
  data: RecordData | null,
  existing: StoredRecord | undefined,
  clock: SendingClock | undefined,
): FieldError[] {
  if (!clock || mutation.entity !== 'flowCount' || data === null || existing !== undefined) return []
  const behind = clock.receivedAt - clock.sentAt
  if (behind < CLOCK_BEHIND_LIMIT_MS) return []
  // saved after the sending's time: saved before the clock went back, by a clock then right
  const savedAt = Date.parse(mutation.at ?? String(data.updatedAt))
  if (Number.isNaN(savedAt) || savedAt > clock.sentAt) return []
  const observedAt = new Date(String(data.observedAt))
  if (Number.isNaN(observedAt.getTime())) return []
  const days = Math.floor(behind / (24 * 3_600_000))
  return [
    {
      path: ['observedAt'],
      code: CLOCK_BEHIND_RULE.code,
      message: `This phone's clock was ${days} day${days === 1 ? '' : 's'} behind when it sent this tally: its day (${siteDay(observedAt)}) is likely wrong`,
    },
  ]
}
