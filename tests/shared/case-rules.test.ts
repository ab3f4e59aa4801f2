/** The case's shared rules (shared/case-rules.ts), as the phone and the server both apply them. */
import { describe, expect, it } from 'vitest'
import {
  endingAfterWithdrawal,
  endingChangeRefusal,
  isBeforeRegistration,
  nextStatuses,
  statusChangeRefusal,
  withoutPersonalData,
  workLeftBefore,
} from '@/shared/case-rules'
import { registrationSchema } from '@/shared/schemas/registration'
import { namedRegistration } from '../helpers/records'

describe('status changes', () => {
  it('lets anyone move an open case to any status', () => {
    expect(nextStatuses('assessed', 'registrar')).toEqual([
      'registered',
      'assessed',
      'assisted',
      'referred',
      'avrr_in_progress',
      'departed',
      'closed',
    ])
  })

  it('leaves a registrar nothing to choose for a case that ended: neither reopening nor the other ending', () => {
    expect(nextStatuses('closed', 'registrar')).toEqual(['closed'])
    expect(nextStatuses('departed', 'registrar')).toEqual(['departed'])
    expect(statusChangeRefusal('closed', 'departed', 'registrar')).toBe('reopen_needs_supervisor')
    expect(statusChangeRefusal('departed', 'closed', 'registrar')).toBe('reopen_needs_supervisor')
    expect(statusChangeRefusal('closed', 'assessed', 'registrar')).toBe('reopen_needs_supervisor')
    expect(statusChangeRefusal('closed', 'closed', 'registrar')).toBeUndefined()
  })

  it('lets a supervisor or an admin reopen a case that ended, or change how it ended', () => {
    for (const role of ['supervisor', 'admin'] as const) {
      expect(nextStatuses('closed', role)).toContain('departed')
      expect(nextStatuses('departed', role)).toContain('assessed')
      expect(statusChangeRefusal('closed', 'departed', role)).toBeUndefined()
    }
  })
})

describe('how a case ended', () => {
  const closed = { caseStatus: 'closed' as const, closureReason: 'other', closureDetail: 'Hospitalised' }

  it("leaves a closed case's reason and words to a supervisor or an admin, at the field changed", () => {
    const reason = { ...closed, closureReason: 'deceased', closureDetail: undefined }
    const words = { ...closed, closureDetail: 'Hospitalised in Niamey' }
    expect(endingChangeRefusal(closed, reason, 'registrar')).toEqual({
      field: 'closureReason',
      code: 'reopen_needs_supervisor',
    })
    expect(endingChangeRefusal(closed, words, 'monitor')).toEqual({
      field: 'closureDetail',
      code: 'reopen_needs_supervisor',
    })
    expect(endingChangeRefusal(closed, { caseStatus: 'assessed' }, 'registrar')).toEqual({
      field: 'caseStatus',
      code: 'reopen_needs_supervisor',
    })
    for (const role of ['supervisor', 'admin'] as const) {
      expect(endingChangeRefusal(closed, reason, role)).toBeUndefined()
      expect(endingChangeRefusal(closed, words, role)).toBeUndefined()
    }
  })

  it('lets anyone keep the ending, and close an open case for any reason', () => {
    expect(endingChangeRefusal(closed, { ...closed }, 'registrar')).toBeUndefined()
    expect(endingChangeRefusal({ caseStatus: 'assessed' }, closed, 'registrar')).toBeUndefined()
  })

  it('says the ending a withdrawal of consent leaves, as withoutPersonalData makes it', () => {
    const ready = {
      category: 'avr' as const,
      voluntarinessSigned: true,
      travelDocumentStatus: 'issued' as const,
      fitToTravel: true,
      destinationCountry: 'GIN',
      reintegrationCounselling: true,
    }
    const cases = [
      namedRegistration({ caseStatus: 'closed', closureReason: 'other', closureDetail: 'With Awa Diallo' }),
      namedRegistration({ caseStatus: 'departed', avrr: ready }),
      namedRegistration({ caseStatus: 'assessed' }),
    ]
    for (const named of cases) {
      const { caseStatus, closureReason, closureDetail } = withoutPersonalData(named, '2026-12-01')
      expect(endingAfterWithdrawal(named)).toEqual({ caseStatus, closureReason, closureDetail })
    }
  })
})

describe('the registration day', () => {
  it('bounds the case’s work: the same day or later is fine, an earlier day or year is not', () => {
    expect(isBeforeRegistration('2026-12-07', '2026-12-07')).toBe(false)
    expect(isBeforeRegistration('2026-12-08', '2026-12-07')).toBe(false)
    expect(isBeforeRegistration('2026-12-06', '2026-12-07')).toBe(true)
    expect(isBeforeRegistration('2020-01-01', '2026-12-07')).toBe(true)
    expect(isBeforeRegistration('1999-01-01', '2026-12-07')).toBe(true)
  })

  it('says nothing of a day not given (an optional travel day)', () => {
    expect(isBeforeRegistration(undefined, '2026-12-07')).toBe(false)
  })
})

describe('moving the registration day', () => {
  it('names the work it would leave before it: days on or after the day it had, before the new one', () => {
    const work = ['2026-11-01', '2026-12-01', '2026-12-03', '2026-12-05']
    expect(workLeftBefore(work, '2026-12-01', '2026-12-04')).toEqual(['2026-12-01', '2026-12-03'])
    expect(workLeftBefore(work, '2026-12-01', '2026-12-01')).toEqual([])
    // work already before the day it had is not this move's doing
    expect(workLeftBefore(['2026-11-01'], '2026-12-01', '2026-12-04')).toEqual([])
  })
})

describe('the closure reason "other" in words', () => {
  it('keeps the words with "other" only', () => {
    const closed = { caseStatus: 'closed' as const, closureReason: 'other' as const }
    expect(registrationSchema.safeParse(namedRegistration({ ...closed, closureDetail: 'Hospitalised' })).success).toBe(
      true,
    )
    const elsewhere = registrationSchema.safeParse(
      namedRegistration({ caseStatus: 'closed', closureReason: 'left_centre', closureDetail: 'Left at night' }),
    )
    expect(elsewhere.error?.issues).toEqual([
      expect.objectContaining({ path: ['closureDetail'], params: { rule: 'not_applicable' } }),
    ])
  })

  it('blanks the words when the person withdraws consent: they may name someone', () => {
    const closed = namedRegistration({ caseStatus: 'closed', closureReason: 'other', closureDetail: 'With Awa Diallo' })
    const anonymous = withoutPersonalData(closed, '2026-12-07')
    expect(anonymous).toMatchObject({ caseStatus: 'closed', closureReason: 'other', closureDetail: '—' })
    expect(registrationSchema.safeParse(anonymous).success).toBe(true)
  })
})
