/** Open referrals (pending or accepted), most urgent first, then those waiting longest. */
import type { Referral } from '@/shared/schemas/referral'

const URGENCY_RANK: Record<Referral['urgency'], number> = { emergency: 0, urgent: 1, routine: 2 }

/** Whole days from `sentOn` to `today` (both YYYY-MM-DD, site days). */
export function daysWaiting(sentOn: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${sentOn}T00:00:00Z`)) / 86_400_000))
}

export function byUrgencyThenAge(a: Referral, b: Referral): number {
  return (
    URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || a.sentOn.localeCompare(b.sentOn) || a.id.localeCompare(b.id)
  )
}
