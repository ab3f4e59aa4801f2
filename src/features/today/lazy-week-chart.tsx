/**
 * The week chart as Today draws it: its module (uPlot and its stylesheet) is fetched
 * only when Today first shows, and a chart that cannot load or draw (a chunk missing
 * offline, a browser without what uPlot needs) leaves an empty space, never a broken
 * screen: the figures beside it say the same in words.
 */
import { Component, lazy, Suspense, useState, type ReactNode } from 'react'
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

/** uPlot needs matchMedia when it loads and a 2D canvas to draw: without them its module is not even fetched. */
function canDraw(): boolean {
  return typeof window.matchMedia === 'function' && document.createElement('canvas').getContext('2d') !== null
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
