/**
 * Today's chart of the week (features/today/week-chart-options.ts): its options and data, as
 * uPlot takes them (jsdom has no canvas to draw them on; the flow monitoring e2e draws
 * them in Chromium).
 */
import type uPlot from 'uplot'
import { describe, expect, it } from 'vitest'
import { formatDay } from '@/components/dates'
import { weekChartData, weekChartOptions } from '@/features/today/week-chart-options'
import { daysEnding, weekFigures } from '@/features/today/week-figures'

const days = daysEnding('2026-12-06', 7)
// the FMP was closed on the 5th (Niamey's day); no other day has data
const week = weekFigures(
  [],
  [{ kind: 'closed', from: '2026-12-05T00:00:00+01:00', to: '2026-12-06T00:00:00+01:00' }],
  days,
)
const options = weekChartOptions(
  { week, labels: { day: 'Jour', incoming: 'Entrant', outgoing: 'Sortant' }, dayLabel: (day) => `le ${day}` },
  320,
)
const plot = undefined as unknown as uPlot

describe('the week chart', () => {
  it('names the days on the axis and in the legend, never "Value" or their place in the week', () => {
    const [x, incoming, outgoing] = options.series
    expect(x?.label).toBe('Jour')
    const value = x?.value as (self: uPlot, raw: number | null, series: number, idx: number | null) => string
    expect(value(plot, 3, 0, 3)).toBe('le 2026-12-03')
    // before a day is pointed at, the legend names the lines alone (never "Jour: --")
    expect(value(plot, null, 0, null)).toBe('')
    const count = incoming?.value as (self: uPlot, raw: number | null, series: number, idx: number | null) => string
    expect(count(plot, 12, 1, 3)).toBe('12')
    expect(count(plot, null, 1, null)).toBe('')
    const ticks = options.axes?.[0]?.values as (self: uPlot, ticks: number[]) => string[]
    expect(ticks(plot, [0, 0.5, 6])).toEqual(['le 2026-11-30', '', 'le 2026-12-06'])
    expect([incoming?.label, outgoing?.label]).toEqual(['Entrant', 'Sortant'])
  })

  it('tells incoming from outgoing without colour: a solid line with filled dots, a dashed one with open dots', () => {
    const [, incoming, outgoing] = options.series
    expect([incoming?.label, incoming?.dash, incoming?.points?.fill === incoming?.stroke]).toEqual([
      'Entrant',
      [],
      true,
    ])
    expect([outgoing?.label, outgoing?.dash, outgoing?.points?.fill]).toEqual(['Sortant', [8, 4], '#fff'])
    expect([incoming?.points?.show, outgoing?.points?.show]).toEqual([true, true])
    // the legend's markers repeat it: a solid filled box, a dashed open one
    const markers = options.legend?.markers
    const dash = markers?.dash as (self: uPlot, i: number) => string
    const fill = markers?.fill as (self: uPlot, i: number) => string
    expect([dash(plot, 1), fill(plot, 1)]).toEqual(['solid', incoming?.stroke])
    expect([dash(plot, 2), fill(plot, 2)]).toEqual(['dashed', '#fff'])
  })

  it('counts people in whole numbers, from 0', () => {
    const axis = options.axes?.[1]
    expect(axis?.incrs).toBeDefined()
    expect((axis?.incrs as number[]).every(Number.isInteger)).toBe(true)
    const range = options.scales?.y?.range as () => [number, number]
    expect(range()[0]).toBe(0)
  })

  it('writes the days in Arabic as on a calendar, digits and slash in order (no bidi controls on the canvas)', () => {
    // the label Today gives its chart (today-screen.tsx): Intl's Arabic day writes an RLM in it
    const dayLabel = (day: string) => formatDay(day, 'ar', 'numeric')
    expect(dayLabel('2026-12-01')).toMatch(/\u200F/)
    const arabic = weekChartOptions(
      { week, labels: { day: 'اليوم', incoming: 'وارد', outgoing: 'صادر' }, dayLabel },
      320,
    )
    const ticks = arabic.axes?.[0]?.values as (self: uPlot, ticks: number[]) => string[]
    const drawn = ticks(plot, [0, 1, 2, 3, 4, 5, 6])
    expect(drawn).toEqual(['30/11', '1/12', '2/12', '3/12', '4/12', '5/12', '6/12'])
    for (const label of drawn) expect(label).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/)
    // the legend names the day pointed at the same way
    const value = arabic.series[0]?.value as (
      self: uPlot,
      raw: number | null,
      series: number,
      idx: number | null,
    ) => string
    expect(value(plot, 1, 0, 1)).toBe('1/12')
  })

  it('draws a day without data as a gap and a closed day as no one', () => {
    const [x, incoming, outgoing] = weekChartData(week)
    expect(x).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(incoming).toEqual([null, null, null, null, null, 0, null])
    expect(outgoing).toEqual([null, null, null, null, null, 0, null])
  })
})
