/**
 * The week chart as Today draws it: its module (uPlot) is fetched only when Today first
 * shows, and a chart that cannot load or draw (a chunk missing offline, a browser without
 * what uPlot needs) leaves an empty space, never a broken screen: the figures beside it
 * say the same in words.
 */
import { Component, lazy, Suspense, useState, type ReactNode } from 'react'
// with Today's code (loaded in an idle moment), not with the chart's: a stylesheet added
// to the page as Today first draws would make the browser restyle the whole page then
import 'uplot/dist/uPlot.min.css'
import type { WeekChartProps } from './week-chart'

const WeekChart = lazy(() => import('./week-chart'))

class ChartBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  override render() {
    return this.state.failed ? <div className="week-chart" aria-hidden="true" /> : this.props.children
  }
}

/**
 * uPlot needs matchMedia when it loads: without it its module is not even fetched. Whether
 * a 2D canvas can be had is asked by the chart itself, once the figures are drawn
 * (making a first canvas context costs the page's thread a few milliseconds).
 */
function canDraw(): boolean {
  return typeof window.matchMedia === 'function'
}

export function LazyWeekChart(props: WeekChartProps) {
  const [drawable] = useState(canDraw)
  if (!drawable) return <div className="week-chart" aria-hidden="true" />
  return (
    <ChartBoundary>
      <Suspense fallback={<div className="week-chart" aria-hidden="true" />}>
        <WeekChart {...props} />
      </Suspense>
    </ChartBoundary>
  )
}
