/**
 * The Numbers charts, drawn with uPlot. uPlot and its CSS load only with this lazily
 * loaded screen, and uPlot itself only once a chart draws: where it cannot (no canvas),
 * nothing breaks, since each chart's table says the same. Charts are hidden from screen
 * readers (the table is what they read); no meaning rests on colour alone: the legend
 * names each line, and each line has a dash and dots of its own (outgoing: dashed, open
 * dots), which its marker in the legend repeats (chart-options.ts, LINE_CUES).
 */
import { useEffect, useMemo, useRef } from 'react'
import type uPlot from 'uplot'
import { useFormatNumber } from '@/components/use-format-number'
import 'uplot/dist/uPlot.min.css'
import {
  barData,
  barOptions,
  dayLinesData,
  dayLinesOptions,
  type BarsProps,
  type DayLinesProps,
} from '@/components/chart-options'

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
        let drawnAt = width()
        const { options, data } = build(U, drawnAt)
        chart = new U(options, data, el)
        if (typeof ResizeObserver !== 'undefined') {
          // drawn again at a new width (a phone turned): where labels fit depends on it
          observer = new ResizeObserver(() => {
            if (width() === drawnAt) return
            drawnAt = width()
            chart?.destroy()
            chart = new U(build(U, drawnAt).options, data, el)
          })
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

/** Counts written for the interface language ("1 250" in French). */
type Chart<P> = Omit<P, 'formatCount'> & { label: string }

/** One line per series over the days (persons per day, by direction). */
export function DayLinesChart({ days, series, dayWord, label }: Chart<DayLinesProps>) {
  const formatCount = useFormatNumber()
  const build = useMemo<Build>(
    () => (_U, width) => ({
      options: dayLinesOptions({ days, series, dayWord, formatCount }, width),
      data: dayLinesData({ days, series }),
    }),
    [days, series, dayWord, formatCount],
  )
  return <UChart build={build} label={label} />
}

/** One bar per category (known counts only for person-level figures); none when every count is 0. */
export function BarChart({ labels, values, label }: Chart<BarsProps>) {
  const formatCount = useFormatNumber()
  const build = useMemo<Build>(
    () => (U, width) => ({
      options: barOptions({ labels, values, label, formatCount }, width, U.paths.bars?.({ size: [0.6, 80] })),
      data: barData({ labels, values }),
    }),
    [labels, values, label, formatCount],
  )
  // every count under 5 (or none): an empty chart would say nothing the table does not
  if (values.every((v) => v === 0)) return null
  return <UChart build={build} label={label} />
}
