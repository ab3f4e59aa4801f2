/** The page's CPU profile around one timed window of a Chromium bench (BENCH_PROFILE=<prefix>). */
import { writeFileSync } from 'node:fs'
import type { CDPSession } from 'playwright-core'

/** With BENCH_PROFILE, the page's CPU profile of one timed window: `<prefix>-<name>.cpuprofile`. */
export async function profiled<T>(cdp: CDPSession, name: string, run: () => Promise<T>): Promise<T> {
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
