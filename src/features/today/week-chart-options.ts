/**
 * What Today's week chart (week-chart.tsx) hands uPlot: the app's day lines
 * (components/chart-options.ts) over the FMP's last 7 days, one line per direction, a gap
 * for a day without data. Apart from the chart, so that they are read without uPlot's
 * code (which needs a screen).
 */
import type uPlot from 'uplot'
import { dayLinesOptions, type DayLinesProps } from '@/components/chart-options'
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

function dayLines({ week, labels, dayLabel }: WeekChartProps): Pick<DayLinesProps, 'days' | 'series'> {
  return {
    days: week.map((d) => dayLabel(d.day)),
    series: [
      { label: labels.incoming, values: series(week, 'incoming') },
      { label: labels.outgoing, values: series(week, 'outgoing') },
    ],
  }
}

/**
 * The chart's options: the days named on the axis and, while one is pointed at, in the
 * legend; whole numbers of people.
 */
export function weekChartOptions(
  props: WeekChartProps,
  width: number,
  formatCount: (n: number) => string = String,
): uPlot.Options {
  return dayLinesOptions(
    { ...dayLines(props), dayWord: props.labels.day, formatCount, height: WEEK_CHART_HEIGHT },
    width,
  )
}

/** The chart's data: each day's place in the week, then the people per direction (a gap: no data). */
export function weekChartData(week: DayFigures[]): uPlot.AlignedData {
  return [week.map((_, i) => i), series(week, 'incoming'), series(week, 'outgoing')]
}
