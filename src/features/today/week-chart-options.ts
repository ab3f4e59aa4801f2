/**
 * What Today's week chart (week-chart.tsx) hands uPlot: its options and its data. Apart
 * from the chart, so that they are read without uPlot's code (which needs a screen).
 */
import type uPlot from 'uplot'
import type { DayFigures } from './week-figures'

export interface WeekChartProps {
  week: DayFigures[]
  /** Series labels (the days' axis, incoming, outgoing) and the short label of each day. */
  labels: { day: string; incoming: string; outgoing: string }
  dayLabel(day: string): string
}

/** The chart's height in CSS pixels; its width is its box's. */
export const WEEK_CHART_HEIGHT = 160

function series(week: DayFigures[], direction: 'incoming' | 'outgoing'): (number | null)[] {
  return week.map((day) =>
    day.state === 'no_data' ? null : (day.directions.find((row) => row.direction === direction)?.total ?? 0),
  )
}

/**
 * The chart's options: the x values are the days' places in the week, named by their
 * day on the axis and in the legend (uPlot would say "Value" and the place's number).
 */
export function weekChartOptions({ week, labels, dayLabel }: WeekChartProps, width: number): uPlot.Options {
  const days = week.map((d) => d.day)
  const nameOf = (i: number | null) => (i !== null && Number.isInteger(i) && days[i] ? dayLabel(days[i]) : '')
  return {
    width,
    height: WEEK_CHART_HEIGHT,
    scales: { x: { time: false } },
    axes: [{ values: (_, ticks) => ticks.map(nameOf) }, { size: 40 }],
    series: [
      { label: labels.day, value: (_, i) => nameOf(i) || '--' },
      { label: labels.incoming, stroke: '#0b5394', width: 2, points: { show: true } },
      { label: labels.outgoing, stroke: '#b45f06', width: 2, dash: [6, 4], points: { show: true } },
    ],
  }
}

/** The chart's data: each day's place in the week, then the people per direction (a gap: no data). */
export function weekChartData(week: DayFigures[]): uPlot.AlignedData {
  return [week.map((_, i) => i), series(week, 'incoming'), series(week, 'outgoing')]
}
