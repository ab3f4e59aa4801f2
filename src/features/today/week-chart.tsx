/**
 * The week's people per day and direction as a small uPlot chart. Loaded only by Today,
 * through React.lazy (lazy-week-chart.tsx), so that uPlot stays out of the app's first
 * download; its stylesheet comes with Today's own code (lazy-week-chart.tsx). Days are
 * labelled as the site's days, never in the phone's time zone; a day without data is a
 * gap, a closed or no-flow day a zero. The chart repeats what the figures above it say in
 * words: it is hidden from screen readers. The directions differ by more than colour
 * (outgoing: dashed, open dots), in the legend too (chart-options.ts, LINE_CUES).
 */
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import { useFormatNumber } from '@/components/use-format-number'
import { WEEK_CHART_HEIGHT, weekChartData, weekChartOptions, type WeekChartProps } from './week-chart-options'

export type { WeekChartProps } from './week-chart-options'

/** Whether this browser gives a 2D canvas: asked once (each canvas context made costs the page's thread). */
let canvas2d: boolean | undefined
function hasCanvas2d(): boolean {
  canvas2d ??= document.createElement('canvas').getContext('2d') !== null
  return canvas2d
}

export default function WeekChart({ week, labels, dayLabel }: WeekChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const formatCount = useFormatNumber()
  useEffect(() => {
    const el = box.current
    if (!el) return
    let plot: uPlot | undefined
    const draw = () => {
      // a browser without a 2D canvas: the space stays empty, as uPlot would fail half-way
      if (!hasCanvas2d()) return
      const options = weekChartOptions({ week, labels, dayLabel }, Math.max(240, el.clientWidth || 320), formatCount)
      plot = new uPlot(options, weekChartData(week), el)
    }
    // drawn once the figures are on screen: the chart only repeats them, it never holds them up
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        try {
          draw()
        } catch {
          // a chart that cannot draw leaves its space empty
        }
      }, 0)
    })
    const resize = () => plot?.setSize({ width: Math.max(240, el.clientWidth), height: WEEK_CHART_HEIGHT })
    window.addEventListener('resize', resize)
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
      window.removeEventListener('resize', resize)
      plot?.destroy()
    }
  }, [week, labels, dayLabel, formatCount])
  // time runs left to right on a chart's axis, in Arabic too
  return <div ref={box} className="week-chart" aria-hidden="true" data-testid="week-chart" dir="ltr" />
}
