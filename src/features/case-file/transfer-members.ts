/**
 * The household members a confirmed transfer takes along, or names as staying, read as
 * the phone holds them at that moment. The confirmation lists them from the case index,
 * and a sync may have changed them while it was open: a pull that moved a member's case to
 * a centre the user does not cover deletes it from the phone (a pull worker's page reaches
 * the index only once stored), another moved it to a centre the user covers, or a sweep
 * removed it. Such a member is neither moved nor named in the others' household events,
 * and is said back, by name and why, while the others go on as confirmed: nothing is saved
 * from the confirmation's stale copy.
 */
import type { RelaisDb } from '@/data/db'
import { getRecord } from '@/data/records'
import type { Registration } from '@/shared/schemas/registration'
import type { HouseholdMember } from './household'

/** Why a member could not go with the transfer: no longer on the phone, or no longer at this centre. */
export type NotHere = { why: 'gone' } | { why: 'moved'; site: string }

export interface MembersNow {
  /** the members still at the centre, as stored now */
  here: Registration[]
  /** the others, with why */
  notHere: { member: HouseholdMember; reason: NotHere }[]
}

/** Reads each member's case as stored now: still at `centre`, or not (and why). */
export async function membersAt(
  db: RelaisDb,
  members: readonly HouseholdMember[],
  centre: string,
): Promise<MembersNow> {
  const now: MembersNow = { here: [], notHere: [] }
  for (const member of members) {
    const found = await getRecord(db, 'registration', member.summary.id)
    if (!found) now.notHere.push({ member, reason: { why: 'gone' } })
    else if (found.data.siteCode !== centre)
      now.notHere.push({ member, reason: { why: 'moved', site: found.data.siteCode } })
    else now.here.push(found.data)
  }
  return now
}
