/**
 * A case's timeline from its records: the registration, each assistance and each
 * referral are entries by themselves; events add what leaves no record of its own
 * (status changes, referral outcomes, transfers, edits, a withdrawal of consent).
 * Newest first. A day without a time (an assistance recorded later) sorts at its noon.
 * An entry whose record the server refused (or is in conflict) carries that state: the
 * timeline never shows a change as done that did not happen on the server.
 */
import { SITE_OFFSET, siteDay } from '@/shared/site-time'
import type { Assistance } from '@/shared/schemas/assistance'
import type { CaseEvent } from '@/shared/schemas/case-event'
import type { Referral } from '@/shared/schemas/referral'
import type { CaseFile } from '@/data/case-file'
import type { LocalRecord } from '@/data/records'

interface When {
  /** ISO timestamp, or a day's noon at the site when only the day is known. */
  at: string
  dateOnly: boolean
}

/** A record of the timeline the server refused, or changed on another phone meanwhile: its state says why. */
type Attention = Pick<LocalRecord, 'state' | 'errors'>

export type TimelineEntry = { key: string; when: When; who?: string; attention?: Attention } & (
  | { what: 'registered' }
  | { what: 'assistance'; assistance: Assistance }
  | { what: 'referral'; referral: Referral }
  | { what: 'event'; event: CaseEvent; referral?: Referral; part?: CasePart }
)

/** The assistance or referral an event is about, when it is not the case itself (a resolved conflict). */
export type CasePart = { entity: 'assistance'; record: Assistance } | { entity: 'referral'; record: Referral }

/** The record's state when it needs attention (refused, in conflict), to show beside its entry. */
function attentionOf(record: Attention): { attention?: Attention } {
  return record.state === 'rejected' || record.state === 'conflict' ? { attention: record } : {}
}

/** The moment of a record made on `day`: its creation time when made that day, else the day alone. */
function whenOn(day: string, createdAt: string): When {
  return siteDay(new Date(createdAt)) === day
    ? { at: createdAt, dateOnly: false }
    : { at: `${day}T12:00:00${SITE_OFFSET}`, dateOnly: true }
}

export function timelineEntries(file: CaseFile): TimelineEntry[] {
  const person = file.registration.data
  const referrals = new Map(file.referrals.map((r) => [r.id, r.data]))
  const assistance = new Map(file.assistance.map((a) => [a.id, a.data]))
  const partOf = (id: string | undefined): { part?: CasePart } => {
    const given = id === undefined ? undefined : assistance.get(id)
    if (given) return { part: { entity: 'assistance', record: given } }
    const referral = id === undefined ? undefined : referrals.get(id)
    return referral ? { part: { entity: 'referral', record: referral } } : {}
  }
  const entries: TimelineEntry[] = [
    {
      key: `registration-${person.id}`,
      what: 'registered',
      when: whenOn(person.registeredOn, person.createdAt),
      who: person.registeredBy,
    },
    ...file.assistance.map(({ data, ...record }): TimelineEntry => ({
      key: `assistance-${data.id}`,
      ...attentionOf(record),
      what: 'assistance',
      assistance: data,
      when: whenOn(data.providedOn, data.createdAt),
      who: data.providedBy,
    })),
    ...file.referrals.map(({ data, ...record }): TimelineEntry => ({
      key: `referral-${data.id}`,
      ...attentionOf(record),
      what: 'referral',
      referral: data,
      when: whenOn(data.sentOn, data.createdAt),
      ...(data.sentBy === undefined ? {} : { who: data.sentBy }),
    })),
    ...file.events.map(({ data, ...record }): TimelineEntry => {
      const referral = data.recordId === undefined ? undefined : referrals.get(data.recordId)
      return {
        key: `event-${data.id}`,
        ...attentionOf(record),
        what: 'event',
        event: data,
        ...(referral ? { referral } : {}),
        ...(data.kind === 'conflict_resolved' ? partOf(data.recordId) : {}),
        when: { at: data.at, dateOnly: false },
        who: data.by,
      }
    }),
  ]
  const time = (e: TimelineEntry) => Date.parse(e.when.at)
  // on the same day the registration comes first in time, so last in the list
  const rank = (e: TimelineEntry) => (e.what === 'registered' ? 0 : 1)
  return entries.sort((a, b) => time(b) - time(a) || rank(b) - rank(a) || b.key.localeCompare(a.key))
}
