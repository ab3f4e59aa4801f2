/**
 * The CPU of a low-end phone for the Chromium benches, `rate` times slower, as
 * BENCH_THROTTLE asks:
 *   - mixed (the default): the page's main thread by Chromium's own throttle (DevTools'
 *     "CPU throttling", as every bench here has measured), and each worker thread by a
 *     cgroup quota (thread-throttle.ts), which Chromium's throttle cannot do: a worker
 *     would otherwise run at the machine's full speed;
 *   - cdp: Chromium's throttle alone (workers at full speed);
 *   - cgroup: cgroup quotas for the main thread too.
 * Chromium's throttle slows a thread finely (it pauses it every 200 µs), and busy-waits
 * while it does, which takes a core from the rest of a 2-core machine. A quota pauses a
 * thread only once it has used its share of a 10 ms period: a short task after a pause
 * (a tap's work) runs at full speed, so quotas would flatter the latency benches; they
 * slow sustained work (a worker's pages) as a slow core does. Neither slows the browser
 * process, where IndexedDB commits. Without cgroups (not root, no cgroup v1), mixed falls
 * back to cdp, saying so.
 */
import type { CDPSession } from 'playwright-core'
import { throttleAppThreads, type Kind } from './thread-throttle'

export interface CpuThrottle {
  /** One line for a bench's table. */
  describe(): string
  stop(): Promise<void>
}

const MODES = ['mixed', 'cdp', 'cgroup'] as const
type Mode = (typeof MODES)[number]

/** Throttles the CPU of the Chromium whose profile is `dir`, `rate` times, for the page of `cdp`. */
export async function throttleCpu(dir: string, cdp: CDPSession, rate: number): Promise<CpuThrottle> {
  const mode = (process.env.BENCH_THROTTLE ?? 'mixed') as Mode
  if (!MODES.includes(mode)) throw new Error(`BENCH_THROTTLE=${mode}: one of ${MODES.join(', ')}`)
  const quotaKinds: Kind[] = mode === 'cgroup' ? ['main', 'worker'] : mode === 'mixed' ? ['worker'] : []
  const quotas = quotaKinds.length > 0 ? await throttleAppThreads(dir, rate, { kinds: quotaKinds }) : null
  if (quotaKinds.length > 0 && !quotas) {
    const why = 'cgroups cannot be used here (root and a writable cgroup v1 cpu controller are needed)'
    if (mode === 'cgroup') throw new Error(`BENCH_THROTTLE=cgroup: ${why}`)
    console.log(`note: ${why}; workers run at full speed`)
  }
  if (mode !== 'cgroup') await cdp.send('Emulation.setCPUThrottlingRate', { rate })
  const main = `${rate}× on the main thread (Chromium's throttle)`
  return {
    describe: () =>
      mode === 'cgroup' && quotas
        ? quotas.describe()
        : quotas
          ? `${main}; workers: ${quotas.describe()}`
          : `${main}; workers at full speed`,
    // closing the browser ends Chromium's throttle
    stop: async () => quotas?.stop(),
  }
}
