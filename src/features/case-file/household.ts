/**
 * A case's household as the phone knows it: the other members on this phone (the case
 * index, by household group), each with where they are when it is not this case's
 * centre; the members a supervisor merged into another case (they leave the index's
 * lists, yet the person is still of the household: under the surviving case); and the
 * members the phone cannot see, from the case's household events (a
 * transfer that parted the household leaves one per member on each side,
 * transfer-records.ts), counted by where they went or stayed.
 *
 * A member transferred to a centre the user does not cover leaves the phone once the
 * transfer is sent (the pull's deletion): without those events the household would
 * simply lose them, with no word of where they went.
 */
import { useMemo } from 'react'
import { useCaseFinder, type CaseFinder, type CaseSummary } from '@/cases/case-finder'
import type { LocalRecord } from '@/data/records'
import { isHouseholdEventKind, type CaseEvent } from '@/shared/schemas/case-event'
import { ageOn } from '@/shared/schemas/registration'

/** Where a member is, when not at this case's centre: moved there, stayed there (this case moved), or simply there. */
export type Whereabouts = { how: 'transferred' | 'stayed' | 'at'; site: string }

export interface HouseholdMember {
  summary: CaseSummary
  /** set when the member is at another centre than this case */
  elsewhere?: Whereabouts
}

/** A member whose case a supervisor merged into another: the survivor, when on this phone. */
export interface MergedMember {
  summary: CaseSummary
  survivor?: CaseSummary
}

/** Members the phone cannot see, by where the household events say they are. */
export interface UnseenMembers {
  how: 'transferred' | 'stayed'
  site: string
  count: number
}

export interface Household {
  members: HouseholdMember[]
  /** merged into another case: listed apart, never moved by a transfer */
  merged: MergedMember[]
  unseen: UnseenMembers[]
}

const NO_HOUSEHOLD: Household = { members: [], merged: [], unseen: [] }

/** The household events of a case, the latest for each member. */
function latestByMember(events: readonly CaseEvent[]): Map<string, CaseEvent> {
  const latest = new Map<string, CaseEvent>()
  for (const event of events) {
    if (!isHouseholdEventKind(event.kind) || event.recordId === undefined) continue
    const known = latest.get(event.recordId)
    if (!known || known.at < event.at) latest.set(event.recordId, event)
  }
  return latest
}

function whereaboutsOf(event: CaseEvent): Whereabouts {
  return event.kind === 'household_member_stayed'
    ? { how: 'stayed', site: event.fromSite ?? '' }
    : { how: 'transferred', site: event.toSite ?? '' }
}

export function householdOf(
  finder: CaseFinder,
  person: { id: string; siteCode: string; groupId: string },
  events: readonly CaseEvent[],
): Household {
  const latest = latestByMember(events)
  const members = finder
    .householdMembers(person.groupId)
    .filter((c) => c.id !== person.id)
    .map((summary): HouseholdMember => {
      if (summary.siteCode === person.siteCode) return { summary }
      const event = latest.get(summary.id)
      const said = event && whereaboutsOf(event)
      // the event says where the member went or stayed; they may have moved on since
      const elsewhere = said?.site === summary.siteCode ? said : { how: 'at' as const, site: summary.siteCode }
      return { summary, elsewhere }
    })
  const merged = finder
    .mergedCases()
    .filter((c) => c.householdGroupId === person.groupId && c.id !== person.id)
    .sort((a, b) => (a.caseNumber ?? a.id).localeCompare(b.caseNumber ?? b.id))
    .map((summary): MergedMember => {
      // merged again since: the case that holds the person now
      const survivor = finder.survivorOf(summary)
      return survivor !== summary ? { summary, survivor } : { summary }
    })
  const unseen = new Map<string, UnseenMembers>()
  for (const [id, event] of latest) {
    // on the phone: listed above (merged ones too) when still of the household, else no longer a member
    if (finder.get(id) !== undefined) continue
    const { how, site } = whereaboutsOf(event)
    if (how === 'at') continue
    const key = `${how} ${site}`
    const group = unseen.get(key) ?? { how, site, count: 0 }
    group.count += 1
    unseen.set(key, group)
  }
  return { members, merged, unseen: [...unseen.values()] }
}

/** The household of the case `record` (its events: the case file's). Empty for a case without a group. */
export function useHousehold(
  record: LocalRecord<'registration'>,
  events: readonly LocalRecord<'caseEvent'>[],
): Household {
  const finder = useCaseFinder()
  const p = record.data
  const groupId = p.consentProcessing ? p.household?.groupId : undefined
  return useMemo(
    () =>
      finder && groupId !== undefined
        ? householdOf(
            finder,
            { id: p.id, siteCode: p.siteCode, groupId },
            events.map((e) => e.data),
          )
        : NO_HOUSEHOLD,
    [finder, groupId, p.id, p.siteCode, events],
  )
}

/** A member's age today, when the phone knows their birth date. */
export function ageToday(summary: CaseSummary, today: string): number | undefined {
  return summary.dateOfBirth ? ageOn(summary.dateOfBirth, today) : undefined
}

export const isChild = (age: number | undefined): boolean => age !== undefined && age < 18
