/** Rule 5's merge on its own (resolve-stale.ts): what the device changed counts, whatever `changedFields` says. */
import { describe, expect, it } from 'vitest'
import type { RecordData, RecordVersion } from '@/server/store/records'
import { resolveStale, type StaleChange } from '@/server/store/resolve-stale'
import { NEUTRAL_TEXT } from '@/server/store/case-file'
import { withoutPersonalData } from '@/shared/case-rules'
import { flowCount, namedRegistration } from '../helpers/records'
import { referral } from './helpers/case-records'

const PHONE = { deviceId: 'phone', userId: 'alpha' }
const OTHER = { deviceId: 'other-phone', userId: 'beta' }

type Written = { by: typeof PHONE; data: RecordData }

/** An upsert of `data` based on rev 1 (`base`), pushed by PHONE after the versions `since` (rev 2, 3, …). */
function staleEdit(base: RecordData, since: Written[], data: RecordData, changedFields?: string[]): StaleChange {
  const versions: RecordVersion[] = since.map(({ by, data }, i) => ({ rev: i + 2, ...by, data }))
  const latest = versions.at(-1) ?? { rev: 1, ...OTHER, data: base }
  return {
    entity: 'flowCount',
    current: { id: String(base.id), entity: 'flowCount', siteCode: 'SEG-FMP', deleted: false, ...latest },
    base: { rev: 1, ...OTHER, data: base },
    since: versions,
    isOwn: (version) => version.deviceId === PHONE.deviceId && version.userId === PHONE.userId,
    incoming: { op: 'upsert', data, changedFields },
  }
}

describe('resolveStale', () => {
  const base: RecordData = flowCount()
  const theirs = { ...base, departureTown: 'Agadez' }

  it('merges a field the device changed without naming it, that no one else changed', () => {
    const mine = { ...base, destinationTown: 'Sebha' }
    expect(resolveStale(staleEdit(base, [{ by: OTHER, data: theirs }], mine, []))).toEqual({
      status: 'merged',
      data: { ...theirs, destinationTown: 'Sebha' },
    })
    // an unnamed field already holding the device's value on the server loses nothing
    const alike = { ...mine, departureTown: 'Agadez' }
    expect(resolveStale(staleEdit(base, [{ by: OTHER, data: theirs }], alike, []))).toEqual({
      status: 'merged',
      data: { ...theirs, destinationTown: 'Sebha' },
    })
  })

  it('answers conflict for a field the device changed without naming it, that someone else changed too', () => {
    const mine = { ...base, departureTown: 'Arlit', destinationTown: 'Sebha' }
    expect(resolveStale(staleEdit(base, [{ by: OTHER, data: theirs }], mine, [])).status).toBe('conflict')
    expect(resolveStale(staleEdit(base, [{ by: OTHER, data: theirs }], mine, ['destinationTown'])).status).toBe(
      'conflict',
    )
  })

  it('does not count a field its own earlier version changed as a change of this edit', () => {
    const own = { ...base, transport: 'bus' }
    const mine = { ...own, destinationTown: 'Sebha' }
    // changed again by no one: the field keeps the device's value
    const after = { ...own, departureTown: 'Agadez' }
    const untouched = staleEdit(
      base,
      [
        { by: PHONE, data: own },
        { by: OTHER, data: after },
      ],
      mine,
      ['destinationTown'],
    )
    expect(resolveStale(untouched)).toEqual({ status: 'merged', data: { ...after, destinationTown: 'Sebha' } })
    // changed by someone else since: theirs is the later change, not a conflict with this edit
    const changed = { ...own, transport: 'car' }
    const later = staleEdit(
      base,
      [
        { by: PHONE, data: own },
        { by: OTHER, data: changed },
      ],
      mine,
      ['destinationTown'],
    )
    expect(resolveStale(later)).toEqual({ status: 'merged', data: { ...changed, destinationTown: 'Sebha' } })
  })

  it('does not take what others merged into its own version for a change of the device', () => {
    // rev 3 is the device's earlier edit merged onto theirs: it holds their departureTown
    const ownMerged = { ...theirs, transport: 'bus' }
    const mine = { ...base, transport: 'bus', destinationTown: 'Sebha' }
    const change = staleEdit(
      base,
      [
        { by: OTHER, data: theirs },
        { by: PHONE, data: ownMerged },
      ],
      mine,
      ['destinationTown'],
    )
    expect(resolveStale(change)).toEqual({ status: 'merged', data: { ...ownMerged, destinationTown: 'Sebha' } })
  })

  it('answers an honest claim as before: merged apart, conflict on the same field', () => {
    const apart = { ...base, destinationTown: 'Sebha' }
    expect(resolveStale(staleEdit(base, [{ by: OTHER, data: theirs }], apart, ['destinationTown']))).toEqual({
      status: 'merged',
      data: { ...theirs, destinationTown: 'Sebha' },
    })
    const same = { ...base, departureTown: 'Arlit' }
    expect(resolveStale(staleEdit(base, [{ by: OTHER, data: theirs }], same, ['departureTown'])).status).toBe(
      'conflict',
    )
    expect(resolveStale(staleEdit(base, [{ by: OTHER, data: theirs }], same)).status).toBe('conflict')
  })

  it('never gives an anonymous case its person back: a withdrawal scrubbed the base too', () => {
    const person = namedRegistration({ givenName: 'Zeinabou', familyName: 'Abdoulkarim' })
    const anonymous = withoutPersonalData(person, '2026-12-01') as RecordData
    // the history after a withdrawal: the base and every version since, anonymous
    const change: StaleChange = {
      entity: 'registration',
      current: {
        id: person.id,
        entity: 'registration',
        siteCode: 'AGZ-TC',
        deleted: false,
        rev: 2,
        ...OTHER,
        data: anonymous,
      },
      base: { rev: 1, ...OTHER, data: anonymous },
      since: [{ rev: 2, ...OTHER, data: anonymous }],
      isOwn: () => false,
      // a phone that had not heard of it edits the named case
      incoming: { op: 'upsert', data: { ...person, occupation: 'Tailor' }, changedFields: ['occupation'] },
    }
    expect(resolveStale(change).status).toBe('conflict')
  })

  it('never takes back free text a withdrawal blanked, named or not', () => {
    const sent = referral('01890000-0000-7000-8000-0000000000c1', { reason: 'Zeinabou needs a doctor' }) as RecordData
    const blanked = { ...sent, reason: NEUTRAL_TEXT }
    const change = (changedFields: string[]): StaleChange => ({
      entity: 'referral',
      current: {
        id: String(sent.id),
        entity: 'referral',
        siteCode: 'AGZ-TC',
        deleted: false,
        rev: 2,
        ...OTHER,
        data: blanked,
      },
      base: { rev: 1, ...OTHER, data: blanked },
      since: [{ rev: 2, ...OTHER, data: blanked }],
      isOwn: () => false,
      incoming: { op: 'upsert', data: { ...sent, urgency: 'urgent' }, changedFields },
    })
    expect(resolveStale(change(['urgency']))).toEqual({ status: 'merged', data: { ...blanked, urgency: 'urgent' } })
    // the phone that had not heard of the withdrawal edits the reason itself: a supervisor decides
    const named = change(['reason'])
    named.incoming.data = { ...sent, reason: 'Zeinabou needs a surgeon' }
    expect(resolveStale(named)).toEqual({ status: 'conflict' })
  })
})
