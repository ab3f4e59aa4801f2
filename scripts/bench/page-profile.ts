/**
 * What the page did during one timed window of a Chromium bench:
 *   - BENCH_PROFILE=<prefix>: its CPU profile, `<prefix>-<name>.cpuprofile` (our JavaScript);
 *   - BENCH_TRACE=<prefix>: a Chrome trace of the window, `<prefix>-<name>.json` (open it in
 *     DevTools' Performance panel, or sum it with `npx tsx scripts/bench/trace-summary.ts`):
 *     where a CPU profile shows only "(program)", the trace names the browser's own work
 *     (style, layout, paint, IndexedDB, garbage collection). BENCH_TRACE_MORE=<a,b> adds
 *     categories (`toplevel` names the code that posted each of the thread's tasks).
 * The two are not taken together: each would count the other's cost.
 */
import { writeFileSync } from 'node:fs'
import type { CDPSession } from 'playwright-core'

/** The trace's categories: the Performance panel's, without screenshots. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'latencyInfo',
]

export async function profiled<T>(cdp: CDPSession, name: string, run: () => Promise<T>): Promise<T> {
  const trace = process.env.BENCH_TRACE
  if (trace) return traced(cdp, `${trace}-${name}.json`, run)
  const prefix = process.env.BENCH_PROFILE
  if (!prefix) return run()
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await cdp.send('Profiler.start')
  const value = await run()
  const { profile } = await cdp.send('Profiler.stop')
  writeFileSync(`${prefix}-${name}.cpuprofile`, JSON.stringify(profile))
  return value
}

async function traced<T>(cdp: CDPSession, file: string, run: () => Promise<T>): Promise<T> {
  const events: unknown[] = []
  const collect = (data: { value: unknown[] }) => events.push(...data.value)
  cdp.on('Tracing.dataCollected', collect)
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [...TRACE_CATEGORIES, ...(process.env.BENCH_TRACE_MORE?.split(',') ?? [])],
      recordMode: 'recordAsMuchAsPossible',
    },
  })
  try {
    return await run()
  } finally {
    await cdp.send('Tracing.end')
    await complete
    cdp.off('Tracing.dataCollected', collect)
    writeFileSync(file, JSON.stringify({ traceEvents: events }))
  }
}
