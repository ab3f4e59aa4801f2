/**
 * Issue 7, "one parse, both sides": strict in every nested object, cleaned text, event
 * dates from 1900 to tomorrow in Niger, limits before anything recursive.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseRecordData } from '@/shared/schemas/parse-record'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance, referral } from '../server/helpers/case-records'

const errorsOf = (entity: Parameters<typeof parseRecordData>[0], value: unknown) => {
  const parsed = parseRecordData(entity, value)
  return parsed.success ? [] : parsed.errors
}

describe('parseRecordData', () => {
  // "now" is 2026-12-04 10:00 in Niger (09:00 UTC): tomorrow there is 2026-12-05
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-04T09:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it.each([
    ['document', { document: { type: 'passport', number: 'A1', extra: 1 } }, ['document', 'extra']],
    ['household', { household: { groupId: crypto.randomUUID(), relationship: 'head', x: [] } }, ['household', 'x']],
    [
      'migration',
      { migration: { transitCountries: [], reasonsForLeaving: [], abuseEnRoute: [], y: 1 } },
      ['migration', 'y'],
    ],
    [
      'avrr',
      {
        avrr: {
          category: 'avr',
          voluntarinessSigned: true,
          travelDocumentStatus: 'none',
          destinationCountry: 'MLI',
          reintegrationCounselling: false,
          z: true,
        },
      },
      ['avrr', 'z'],
    ],
    ['the record itself', { nickname: 'x' }, ['nickname']],
  ])('refuses an unknown key in %s, naming it', (_, extra, path) => {
    expect(errorsOf('registration', namedRegistration(extra as never))).toEqual([
      { path, code: 'unrecognized_keys', message: `Unknown field "${path.at(-1)}"` },
    ])
  })

  it("refuses an unknown key in a tally's nationality row", () => {
    const tally = flowCount()
    const nationalities = [{ ...tally.nationalities[0], note: 'x' }, ...tally.nationalities.slice(1)]
    expect(errorsOf('flowCount', { ...tally, nationalities })).toEqual([
      expect.objectContaining({ path: ['nationalities', 0, 'note'], code: 'unrecognized_keys' }),
    ])
  })

  it('cleans text in every field and keeps the cleaned value', () => {
    const parsed = parseRecordData(
      'registration',
      namedRegistration({ givenName: '\u200F Aïcha\u0000', placeOfBirth: 'Kidal\u200B', aliases: [' A\u0308ssa '] }),
    )
    expect(parsed.success && parsed.data).toMatchObject({
      givenName: 'Aïcha',
      placeOfBirth: 'Kidal',
      aliases: ['Ässa'],
    })
    const notes = parseRecordData(
      'assistance',
      assistance(crypto.randomUUID(), { notes: ' Line one\r\nLine two\u202E ' }),
    )
    expect(notes.success && notes.data).toMatchObject({ notes: 'Line one\nLine two' })
  })

  it('refuses a text field left empty once cleaned', () => {
    expect(errorsOf('registration', namedRegistration({ givenName: '\u200B\u200F ' }))).toEqual([
      expect.objectContaining({ path: ['givenName'], code: 'too_small' }),
    ])
  })

  it.each([
    ['registeredOn', '9999-12-31'],
    ['registeredOn', '0000-01-01'],
    ['registeredOn', '1899-12-31'],
    ['registeredOn', '2026-12-06'],
    ['consentDate', '2026-12-06'],
    ['dateOfBirth', '1899-12-31'],
  ])('refuses %s %s (from 1900 to tomorrow in Niger)', (field, day) => {
    expect(errorsOf('registration', namedRegistration({ dateOfBirth: '1990-01-01', [field]: day }))).toContainEqual(
      expect.objectContaining({ path: [field], code: 'event_day' }),
    )
  })

  it('accepts tomorrow in Niger, and expiry and travel dates ahead', () => {
    const record = namedRegistration({
      registeredOn: '2026-12-05',
      consentDate: '2026-12-05',
      document: { type: 'passport', number: 'A1', expiresOn: '2035-06-30' },
      avrr: {
        category: 'avr',
        voluntarinessSigned: true,
        travelDocumentStatus: 'issued',
        travelReadyOn: '2027-01-15',
        destinationCountry: 'MLI',
        reintegrationCounselling: true,
      },
    })
    expect(errorsOf('registration', record)).toEqual([])
    expect(
      errorsOf('registration', { ...record, document: { type: 'passport', expiresOn: '9999-01-01' } }),
    ).toContainEqual(expect.objectContaining({ path: ['document', 'expiresOn'], code: 'planned_day' }))
  })

  it('bounds the days of assistance, referral and observation', () => {
    const registrationId = crypto.randomUUID()
    expect(errorsOf('assistance', assistance(registrationId, { providedOn: '3026-01-01' }))).toContainEqual(
      expect.objectContaining({ path: ['providedOn'], code: 'event_day' }),
    )
    expect(errorsOf('referral', referral(registrationId, { statusOn: '2027-01-01' }))).toContainEqual(
      expect.objectContaining({ path: ['statusOn'], code: 'event_day' }),
    )
    expect(errorsOf('flowCount', flowCount({ observedAt: '2026-12-06T00:30:00.000+01:00' }))).toContainEqual(
      expect.objectContaining({ path: ['observedAt'], code: 'event_day' }),
    )
    expect(errorsOf('flowCount', flowCount({ observedAt: '2026-12-05T23:30:00.000+01:00' }))).toEqual([])
  })

  it('refuses a value nested too deep before the schema sees it', () => {
    let deep: unknown = []
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(errorsOf('registration', { ...namedRegistration(), extra: deep })).toEqual([
      expect.objectContaining({ path: [], code: 'too_deep' }),
    ])
  })
})
