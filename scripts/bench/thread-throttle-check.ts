/**
 * Checks the benches' emulation of a low-end phone's CPU (a check, not a test nor a bench):
 * times one busy loop on a page's main thread and in a dedicated worker, with no throttle,
 * with Chromium's throttle (CDP Emulation.setCPUThrottlingRate, which slows the main thread
 * only) and with thread-throttle.ts's cgroup quotas (which should slow both by the rate).
 * Each worker is started after its throttle, as the app's would be, so the cgroup rows also
 * check that a new worker thread is found; then both threads spin at once, which checks
 * that each thread has a quota of its own (one shared would slow both twice as much).
 * The cgroups run with thread-throttle.ts's 10 ms period and with 100 ms: a short burst
 * after a wait runs on the quota the wait left unused, by far more with 100 ms.
 *
 * BENCH_CPU_THROTTLE (4), BENCH_SPIN (3e7 square roots per timing).
 * Run (as root, cgroup v1): npx tsx scripts/bench/thread-throttle-check.ts
 */
import type { CDPSession, Page } from 'playwright-core'
import { openProfile } from '../../tests/e2e/support/browser'
import { hasChromium } from '../../tests/e2e/support/chromium'
import { throttleAppThreads } from './thread-throttle'

const RATE = Number(process.env.BENCH_CPU_THROTTLE ?? 4)
const SPIN_COUNT = Number(process.env.BENCH_SPIN ?? 3e7)
const RUNS = 5
/** Longer than thread-throttle.ts's 50 ms polls: the new worker is in its cgroup before it is timed. */
const SETTLE_MS = 200

/**
 * The same loop on both threads, timed where it runs (the page's round trips are throttled
 * too). The page's own script, not functions passed to page.evaluate: tsx would wrap those
 * in a helper the page does not have.
 */
const SPIN = 'function spin(n) { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); return x }'
const TIMED = 'function timed(n) { const start = performance.now(); spin(n); return performance.now() - start }'
const WORKER_SOURCE = `${SPIN}\n${TIMED}\nonmessage = (e) => postMessage(timed(e.data))`
const PAGE_SCRIPT = `${SPIN}
${TIMED}
/**
 * A new worker, timed once it has had time to be found, alone then beside the page's
 * thread; then ended, and given the time to end before the next throttle looks for threads.
 */
async function timedWorker(n, runs, settleMs) {
  const worker = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(WORKER_SOURCE)}], { type: 'text/javascript' })))
  const ask = (count) => new Promise((resolve) => {
    worker.onmessage = (e) => resolve(e.data)
    worker.postMessage(count)
  })
  await ask(1)
  await new Promise((resolve) => setTimeout(resolve, settleMs))
  const alone = []
  const together = []
  for (let run = 0; run < runs; run++) alone.push(await ask(n))
  for (let run = 0; run < runs; run++) {
    const workerMs = ask(n)
    const mainMs = timed(n)
    together.push({ main: mainMs, worker: await workerMs })
  }
  worker.terminate()
  await new Promise((resolve) => setTimeout(resolve, settleMs))
  return { alone, together }
}`

interface SpinWindow {
  timed(n: number): number
  timedWorker(
    n: number,
    runs: number,
    settleMs: number,
  ): Promise<{ alone: number[]; together: { main: number; worker: number }[] }>
}

/** Medians, in ms. */
interface Timings {
  main: number
  worker: number
  togetherMain: number
  togetherWorker: number
}

interface Mode {
  name: string
  /** Starts the throttle; resolves to what stops it, and what the table says of it once timed. */
  start(cdp: CDPSession, dir: string): Promise<{ stop(): Promise<void>; what(): string } | null>
}

const MODES: Mode[] = [
  { name: 'none', start: async () => ({ stop: async () => {}, what: () => 'full speed' }) },
  {
    name: 'cdp',
    async start(cdp) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE })
      return {
        stop: async () => void (await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })),
        what: () => `Emulation.setCPUThrottlingRate ${RATE}`,
      }
    },
  },
  ...[10_000, 100_000].map((periodUs): Mode => ({
    name: `cgroup ${periodUs / 1000} ms`,
    async start(_cdp, dir) {
      const throttle = await throttleAppThreads(dir, RATE, { periodUs })
      return throttle && { stop: () => throttle.stop(), what: () => throttle.describe() }
    },
  })),
]

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function timeMain(page: Page): Promise<number> {
  const ms: number[] = []
  for (let run = 0; run < RUNS; run++) {
    ms.push(await page.evaluate((n) => (window as unknown as SpinWindow).timed(n), SPIN_COUNT))
  }
  return median(ms)
}

async function timeWorker(page: Page): Promise<Omit<Timings, 'main'>> {
  const args = { n: SPIN_COUNT, runs: RUNS, settleMs: SETTLE_MS }
  const { alone, together } = await page.evaluate(
    ({ n, runs, settleMs }) => (window as unknown as SpinWindow).timedWorker(n, runs, settleMs),
    args,
  )
  return {
    worker: median(alone),
    togetherMain: median(together.map((t) => t.main)),
    togetherWorker: median(together.map((t) => t.worker)),
  }
}

async function time(page: Page): Promise<Timings> {
  return { main: await timeMain(page), ...(await timeWorker(page)) }
}

/** "57 1.00×" for each timing, against the same timing with no throttle. */
function cells(timings: Timings, base: Timings): string[] {
  const keys = ['main', 'worker', 'togetherMain', 'togetherWorker'] as const
  return keys.map((key) => `${timings[key].toFixed(0)} ${(timings[key] / base[key]).toFixed(2)}×`)
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error('Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)')
  const profile = await openProfile()
  const rows: string[][] = [['throttle', 'main', 'worker', 'both at once: main', 'worker', 'how']]
  try {
    const { page, context, dir } = profile
    const cdp = await context.newCDPSession(page)
    await page.setContent(`<p>spinning</p><script>${PAGE_SCRIPT}</script>`)
    // a first spin on each thread so that every timing below runs optimised code
    await time(page)
    let base: Timings | undefined
    for (const mode of MODES) {
      const throttle = await mode.start(cdp, dir)
      if (!throttle) {
        rows.push([mode.name, '-', '-', '-', '-', 'cgroups cannot be used here (root and cgroup v1 are needed)'])
        continue
      }
      try {
        const timings = await time(page)
        base ??= timings
        rows.push([mode.name, ...cells(timings, base), throttle.what()])
      } finally {
        await throttle.stop()
      }
    }
  } finally {
    await profile.close()
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))))
  console.log(
    `\nCPU throttle check: ms for ${SPIN_COUNT} square roots (median of ${RUNS}), × of no throttle; rate ${RATE}`,
  )
  console.log(lines.map((cells) => `  ${cells.join('  ')}`).join('\n'))
}

await main()
