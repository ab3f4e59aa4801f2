/**
 * The Numbers charts, drawn with uPlot. uPlot and its CSS load only with this lazily
 * loaded screen, and uPlot itself only once a chart draws: where it cannot (no canvas),
 * nothing breaks, since each chart's table says the same. Charts are hidden from screen
 * readers (the table is what they read); no meaning rests on colour alone: the legend
 * names each line, and outgoing lines are dashed.
 */
import { useEffect, useMemo, useRef } from 'react'
import type uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

const HEIGHT = 220
const INK = '#1b2a33'
const COLOURS = ['#0f4c5c', '#b34700', '#5b3a8c', '#2e7d32']
const DASHES = [[], [8, 4], [2, 3], [12, 3, 3, 3]]

export interface LineSeries {
  label: string
  /** null: no tally that day (a gap in the line, not a zero). */
  values: (number | null)[]
}

type Build = (U: typeof uPlot, width: number) => { options: uPlot.Options; data: uPlot.AlignedData }

/** Draws `build`'s chart into a div sized to its container; redraws when `build` changes. */
function UChart({ build, label }: { build: Build; label: string }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    let chart: uPlot | undefined
    let observer: ResizeObserver | undefined
    let gone = false
    const width = () => Math.max(240, el.clientWidth || 320)
    void import('uplot')
      .then(({ default: U }) => {
        if (gone) return
        const { options, data } = build(U, width())
        chart = new U(options, data, el)
        if (typeof ResizeObserver !== 'undefined') {
          observer = new ResizeObserver(() => chart?.setSize({ width: width(), height: HEIGHT }))
          observer.observe(el)
        }
      })
      // no canvas or no matchMedia (a test DOM): the table stands alone
      .catch(() => undefined)
    return () => {
      gone = true
      observer?.disconnect()
      chart?.destroy()
    }
  }, [build])
  // time runs left to right on a chart's axis, in Arabic too
  return <div ref={ref} className="numbers-chart" aria-hidden="true" data-chart={label} dir="ltr" />
}

const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
  stroke: INK,
  grid: { stroke: '#d5dde2', width: 1 },
  ticks: { stroke: '#d5dde2', width: 1 },
  ...extra,
})

/** Every how many categories a label fits on a phone's width. */
const labelStep = (count: number) => Math.max(1, Math.ceil(count / 6))

/** One line per series over the days (persons per day, by direction); `days` are the days' labels. */
export function DayLinesChart({
  days,
  series,
  label,
  dayWord,
}: {
  days: string[]
  series: LineSeries[]
  label: string
  /** The legend's name of the x values ("Day"). */
  dayWord: string
}) {
  const build = useMemo<Build>(
    () => (_U, width) => ({
      options: {
        width,
        height: HEIGHT,
        scales: {
          x: { time: false, range: [-0.25, Math.max(0.25, days.length - 0.75)] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
          axis({
            splits: () => days.flatMap((_, i) => (i % labelStep(days.length) === 0 ? [i] : [])),
            values: (_u, splits) => splits.map((i) => days[i] ?? ''),
          }),
          axis({ size: 50 }),
        ],
        series: [
          { label: dayWord, value: (_u, i) => (i === null ? '' : (days[i] ?? '')) },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            dash: DASHES[i % DASHES.length],
            points: { show: days.length <= 31 },
          })),
        ],
      },
      data: [days.map((_, i) => i), ...series.map((s) => s.values)],
    }),
    [days, series, dayWord],
  )
  return <UChart build={build} label={label} />
}

/** One bar per category (known counts only for person-level figures). */
export function BarChart({ labels, values, label }: { labels: string[]; values: number[]; label: string }) {
  const build = useMemo<Build>(
    () => (U, width) => ({
      options: {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, labels.length - 0.5] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
          axis({
            splits: () => labels.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
            rotate: labels.length > 4 ? -30 : 0,
            size: labels.length > 4 ? 70 : 40,
            grid: { show: false },
          }),
          axis({ size: 50 }),
        ],
        series: [
          {},
          {
            label,
            fill: COLOURS[0],
            stroke: COLOURS[0],
            paths: U.paths.bars?.({ size: [0.6, 80] }),
            points: { show: false },
          },
        ],
      },
      data: [labels.map((_, i) => i), values],
    }),
    [labels, values, label],
  )
  return <UChart build={build} label={label} />
}
