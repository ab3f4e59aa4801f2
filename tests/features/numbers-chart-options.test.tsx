/**
 * The Numbers charts' options (components/chart-options.ts), as uPlot takes
 * them: jsdom has no canvas to draw them on, so the ticks are worked out here the way
 * uPlot works them out (the smallest step of the axis's list whose ticks lie at least the
 * axis's `space` apart, from the first whole step in the scale); Chromium draws them in
 * the e2e runs.
 */
import type uPlot from 'uplot'
import { describe, expect, it } from 'vitest'
import {
  barOptions,
  CHART_HEIGHT,
  COUNT_STEPS,
  dayLinesData,
  dayLinesOptions,
  labelWidth,
} from '@/components/chart-options'

const plot = undefined as unknown as uPlot
type Value = (self: uPlot, raw: number | null, series: number, idx: number | null) => string
type Values = (self: uPlot, ticks: number[]) => string[]
type Range = (self: uPlot, min: number, max: number, key: string) => [number, number]

/** The 30 days from 8 November 2026, as the chart's axis writes them in `locale`. */
function daysIn(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' })
  return Array.from({ length: 30 }, (_, i) => format.format(new Date(Date.UTC(2026, 10, 8 + i))))
}

const fr = (n: number) => new Intl.NumberFormat('fr-u-nu-latn').format(n)

function lines(days: string[], values: (number | null)[][], width = 326) {
  const props = {
    days,
    series: values.map((v, i) => ({ label: ['Entrant', 'Sortant'][i] ?? '', values: v })),
    dayWord: 'Jour',
    formatCount: fr,
  }
  return { options: dayLinesOptions(props, width), data: dayLinesData(props) }
}

/** The ticks uPlot draws on `axis` over `range`, `dim` pixels long. */
function ticks(axis: uPlot.Axis, [min, max]: [number, number], dim: number): number[] {
  const space = typeof axis.space === 'number' ? axis.space : 30
  const steps = axis.incrs as number[]
  // uPlot takes a step under 5 only from its own decimal list (1, 2, 2.5): never 3 or 4
  const step = steps.find((s) => (s >= 5 || [1, 2].includes(s)) && (s * dim) / (max - min) >= space)
  expect(step, 'a step whose ticks lie far enough apart').toBeDefined()
  const out: number[] = []
  for (let v = Math.ceil(min / step!) * step!; v <= max; v += step!) out.push(v)
  return out
}

/** The plot's width: the chart's, less the count axis and the padding on the right. */
const plotWidth = (o: uPlot.Options) => o.width - 50 - ((o.padding?.[1] as number | undefined) ?? 0)

describe('the Numbers chart of flows per day', () => {
  it('tells the directions apart without colour: a dash, dots filled or open, and the same in the legend', () => {
    const { options } = lines(daysIn('fr-u-nu-latn'), [Array(30).fill(10), Array(30).fill(20)])
    const [, incoming, outgoing] = options.series
    expect(incoming?.dash).toEqual([])
    expect(outgoing?.dash).toEqual([8, 4])
    const dots = (s: uPlot.Series | undefined) => ({ show: s?.points?.show, filled: s?.points?.fill === s?.stroke })
    expect(dots(incoming)).toEqual({ show: true, filled: true })
    expect(dots(outgoing)).toEqual({ show: true, filled: false })
    expect(outgoing?.points?.fill).toBe('#fff')
    // the legend's marker of each line: its border drawn as the line, filled as its dots
    const markers = options.legend?.markers
    const dash = markers?.dash as (self: uPlot, i: number) => string
    const fill = markers?.fill as (self: uPlot, i: number) => string
    expect([dash(plot, 1), dash(plot, 2)]).toEqual(['solid', 'dashed'])
    expect([fill(plot, 1), fill(plot, 2)]).toEqual([incoming?.stroke, '#fff'])
  })

  it('keeps the lines apart by their dash past a month, when the days have no dots', () => {
    const { options } = lines(
      Array.from({ length: 60 }, (_, i) => String(i)),
      [Array(60).fill(1), Array(60).fill(2)],
    )
    const [, incoming, outgoing] = options.series
    expect([incoming?.points?.show, outgoing?.points?.show]).toEqual([false, false])
    expect(incoming?.dash).not.toEqual(outgoing?.dash)
  })

  it('names the day pointed at in the legend, and names only the lines while none is', () => {
    const { options } = lines(daysIn('fr-u-nu-latn'), [
      Array.from({ length: 30 }, (_, i) => (i === 3 ? null : 1250)),
      Array.from({ length: 30 }, () => 7),
    ])
    const [x, incoming, outgoing] = options.series
    expect(x?.label).toBe('Jour')
    expect((x?.value as Value)(plot, 2, 0, 2)).toBe('10 nov.')
    expect([incoming?.label, outgoing?.label]).toEqual(['Entrant', 'Sortant'])
    // nothing pointed at: no "Jour : --", no "Entrant : --" (numbers.css hides an empty entry and its colon)
    expect((x?.value as Value)(plot, null, 0, null)).toBe('')
    expect((incoming?.value as Value)(plot, null, 1, null)).toBe('')
    // a day pointed at: its count as the table writes it, a dash for a day with no tally
    expect((incoming?.value as Value)(plot, 1250, 1, 2)).toBe(fr(1250))
    expect((incoming?.value as Value)(plot, null, 1, 3)).toBe('–')
  })

  it('counts people in whole numbers, however few they are', () => {
    const { options } = lines(daysIn('en-u-nu-latn'), [[...Array<null>(26).fill(null), 2, 0, 2, 1]])
    const y = options.axes?.[1] as uPlot.Axis
    expect(COUNT_STEPS.every(Number.isInteger)).toBe(true)
    expect(y.incrs).toBe(COUNT_STEPS)
    const range = (options.scales?.y?.range as Range)(plot, 0, 2, 'y')
    expect(range).toEqual([0, 4])
    expect(ticks(y, range, CHART_HEIGHT - 50)).toEqual([0, 1, 2, 3, 4])
    expect((y.values as Values)(plot, [0, 1, 2])).toEqual(['0', '1', '2'])
    // thousands as the language writes them; a little room above the highest count
    const busy = lines(daysIn('fr-u-nu-latn'), [Array.from({ length: 30 }, () => 2180)]).options
    const busyRange = (busy.scales?.y?.range as Range)(plot, 0, 2180, 'y')
    expect(busyRange[1]).toBeGreaterThan(2180)
    expect(ticks(busy.axes?.[1] as uPlot.Axis, busyRange, CHART_HEIGHT - 50).every(Number.isInteger)).toBe(true)
    expect(((busy.axes?.[1] as uPlot.Axis).values as Values)(plot, [2000])).toEqual([fr(2000)])
  })

  it.each([
    ['fr', 'fr-u-nu-latn'],
    ['en', 'en-u-nu-latn'],
    ['ar', 'ar-u-nu-latn'],
  ])('writes the days of 30 under one another on a 360 px phone in %s, none over the next', (_lang, locale) => {
    const days = daysIn(locale)
    const { options } = lines(days, [days.map(() => 10)])
    const x = options.axes?.[0] as uPlot.Axis
    const range = options.scales?.x?.range as [number, number]
    const dim = plotWidth(options)
    const at = ticks(x, range, dim)
    const labels = (x.values as Values)(plot, at)
    expect(at.every(Number.isInteger)).toBe(true)
    expect(labels.every((l) => days.includes(l))).toBe(true)
    expect(at.length).toBeGreaterThanOrEqual(2)
    const px = dim / (range[1] - range[0])
    const widest = Math.max(...labels.map(labelWidth))
    expect((at[1]! - at[0]!) * px).toBeGreaterThan(widest)
  })

  it('keeps the first and last days’ points and labels inside the chart', () => {
    const days = daysIn('ar-u-nu-latn')
    const { options, data } = lines(days, [days.map(() => 10)])
    const [min, max] = options.scales?.x?.range as [number, number]
    expect(data[0]).toEqual(days.map((_, i) => i))
    // half a day on each side of the first and last days (uPlot draws a point whole
    // inside the canvas: beyond the plot, the count axis and the padding hold it)
    expect(min).toBe(-0.5)
    expect(max).toBe(days.length - 0.5)
    // the padding on the right holds half the widest label, centred on the last day
    expect(options.padding?.[1]).toBeGreaterThanOrEqual(Math.max(...days.map(labelWidth)) / 2)
  })
})

describe('the Numbers bar charts', () => {
  const countries = ['Nigeria', 'Mali', 'Niger', 'Central African Republic', 'Democratic Republic of the Congo']

  it('writes short categories flat, and slants long ones, cut, under a phone’s narrow bars', () => {
    const few = barOptions(
      { labels: ['Men', 'Women', 'Boys', 'Girls'], values: [8, 2, 1, 1], label: 'x', formatCount: fr },
      326,
    )
    expect(few.axes?.[0]?.rotate).toBe(0)
    expect(((few.axes?.[0] as uPlot.Axis).values as Values)(plot, [0, 1, 2, 3])).toEqual([
      'Men',
      'Women',
      'Boys',
      'Girls',
    ])

    const many = barOptions(
      { labels: [...countries, ...countries], values: Array(10).fill(9), label: 'x', formatCount: fr },
      326,
    )
    const axis = many.axes?.[0] as uPlot.Axis
    expect(axis.rotate).toBe(45)
    const names = (axis.values as Values)(plot, [0, 3, 4])
    expect(names[0]).toBe('Nigeria')
    expect(names[1]).toMatch(/^Central Afric.*…$/)
    expect([...names[2]!].length).toBeLessThanOrEqual(14)
    // the axis is tall enough for the slanted labels
    expect(axis.size as number).toBeGreaterThanOrEqual(Math.max(...names.map(labelWidth)) * Math.SQRT1_2)
  })

  it('counts in whole numbers, from 0', () => {
    const options = barOptions({ labels: ['Food'], values: [2], label: 'x', formatCount: fr }, 326)
    const y = options.axes?.[1] as uPlot.Axis
    const range = (options.scales?.y?.range as Range)(plot, 0, 2, 'y')
    expect(ticks(y, range, CHART_HEIGHT - 40)).toEqual([0, 1, 2, 3, 4])
  })
})
