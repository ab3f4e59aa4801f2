/**
 * The one rule that says what an FMP's statuses make of each Niamey day (the API's
 * dayStatuses and allDay, the flows-daily export's status, Today on the phone): closed
 * before no flow, all day or part of it, to the minute.
 */
import { describe, expect, it } from 'vitest'
import type { FmpStatusKind } from '@/shared/schemas/fmp-status'
import { fmpDayMarks } from '@/shared/stats/fmp-day-marks'

const period = (kind: FmpStatusKind, from: string, to: string) => ({ kind, from, to })
const WEEK = { from: '2026-11-02', to: '2026-11-08' }

describe('fmpDayMarks', () => {
  it.each([
    {
      why: 'a whole day',
      periods: [period('closed', '2026-11-03T00:00:00+01:00', '2026-11-04T00:00:00+01:00')],
      allDay: true,
    },
    {
      why: 'three hours',
      periods: [period('closed', '2026-11-03T03:00:00+01:00', '2026-11-03T06:00:00+01:00')],
      allDay: false,
    },
    {
      why: 'until 23:59, as the phone saves "Closed today"',
      periods: [period('closed', '2026-11-03T00:00:00+01:00', '2026-11-03T23:59:00+01:00')],
      allDay: true,
    },
    {
      why: 'until 23:58',
      periods: [period('closed', '2026-11-03T00:00:00+01:00', '2026-11-03T23:58:00+01:00')],
      allDay: false,
    },
    {
      why: 'from 00:01',
      periods: [period('closed', '2026-11-03T00:01:00+01:00', '2026-11-04T00:00:00+01:00')],
      allDay: true,
    },
    {
      why: 'two records overlapping, one in UTC',
      periods: [
        period('closed', '2026-11-03T00:00:00+01:00', '2026-11-03T13:00:00+01:00'),
        period('closed', '2026-11-03T11:00:00Z', '2026-11-03T23:00:00Z'),
      ],
      allDay: true,
    },
    {
      why: 'two records a minute apart',
      periods: [
        period('closed', '2026-11-03T12:00:00+01:00', '2026-11-04T00:00:00+01:00'),
        period('closed', '2026-11-03T00:00:00+01:00', '2026-11-03T11:59:00+01:00'),
      ],
      allDay: true,
    },
    {
      why: 'two records two hours apart',
      periods: [
        period('closed', '2026-11-03T00:00:00+01:00', '2026-11-03T11:00:00+01:00'),
        period('closed', '2026-11-03T13:00:00+01:00', '2026-11-04T00:00:00+01:00'),
      ],
      allDay: false,
    },
  ])('covers the day or a part of it: $why', ({ periods, allDay }) => {
    expect(fmpDayMarks(periods, WEEK)).toEqual([
      { day: '2026-11-03', status: 'closed', allDay, kinds: [{ kind: 'closed', allDay }] },
    ])
  })

  it('reads closed before no flow, each kind with its own cover', () => {
    const marks = fmpDayMarks(
      [
        period('no_flow', '2026-11-03T00:00:00+01:00', '2026-11-04T00:00:00+01:00'),
        period('closed', '2026-11-03T12:00:00+01:00', '2026-11-03T13:00:00+01:00'),
      ],
      WEEK,
    )
    expect(marks).toEqual([
      {
        day: '2026-11-03',
        status: 'closed',
        allDay: false,
        kinds: [
          { kind: 'closed', allDay: false },
          { kind: 'no_flow', allDay: true },
        ],
      },
    ])
  })

  it('marks the Niamey days a period touches within the range, its end excluded, in day order', () => {
    const marks = fmpDayMarks(
      [
        // 23:30Z on the 7th is 00:30 on the 8th in Niamey
        period('no_flow', '2026-11-07T23:30:00Z', '2026-11-08T01:00:00Z'),
        // from before the range, to the 3rd's midnight: the 2nd only, all of it
        period('closed', '2026-10-30T20:00:00+01:00', '2026-11-03T00:00:00+01:00'),
        period('closed', 'not a time', '2026-11-05T00:00:00+01:00'),
      ],
      WEEK,
    )
    expect(marks.map(({ day, status, allDay }) => [day, status, allDay])).toEqual([
      ['2026-11-02', 'closed', true],
      ['2026-11-08', 'no_flow', false],
    ])
  })
})
