/**
 * `npm run bench:pull` (a benchmark, not a test): a new phone joins a centre that already
 * holds 20,000 registrations. In Debian's Chromium with the CPU throttled 4× (a low-end
 * phone), the app signs in and pulls everything into IndexedDB, each record sealed as
 * the app stores it. Measures records per second from the first pull request until the
 * last record is stored (told by the page's own count, at each commit: nothing polls the
 * page meanwhile), and prints one table. Target (issue 8): ≥ 3,000 records/s. Beside it,
 * the ceiling of this browser on this machine: bare IndexedDB transactions storing as
 * many rows, page by page, with the registrations table's indexes, unthrottled and with
 * no app (bulk-write-ceiling.ts).
 *
 * BENCH_PULL_RECORDS (20,000), BENCH_CPU_THROTTLE (4), BENCH_PROFILE=<prefix> or BENCH_TRACE=<prefix>:
 * the page's CPU profile or Chrome trace during the pull (page-profile.ts), BENCH_THROTTLE=cgroup|cdp:
 * how the CPU is throttled (cpu-throttle.ts: by default the page's main thread and its
 * worker, each to a quarter of a core; cdp, Chromium's throttle, leaves the worker at the
 * machine's full speed).
 */
import { randomUUID } from 'node:crypto'
import { availableParallelism, cpus } from 'node:os'
import buildAppIfStale from '../../tests/e2e/global-setup'
import { openProfile, waitForServiceWorkerControl } from '../../tests/e2e/support/browser'
import { hasChromium } from '../../tests/e2e/support/chromium'
import { signIn } from '../../tests/e2e/support/forms'
import { startServer } from '../../tests/e2e/support/server'
import { postJson } from './api'
import { profiled } from './page-profile'
import { bundlePageScript, type BenchWindow } from './page-script'
import { compressedBatches } from './push-batches'
import { makeRegistrations } from './registrations'
import { throttleCpu, type CpuThrottle } from './cpu-throttle'
import { measureBulkWriteCeiling } from './bulk-write-ceiling'
import { MAX_PULL_LIMIT } from '@/shared/schemas/sync'

const RECORDS = Number(process.env.BENCH_PULL_RECORDS ?? 20_000)
const THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 4)
const TARGET_PER_SECOND = 3000
const GIVE_UP_MS = 15 * 60_000
/** A pulled page's changes once the link is fast. */
const PAGE_ROWS = MAX_PULL_LIMIT
/** The registrations table's indexes (data/db.ts), which every stored row updates. */
const REGISTRATION_INDEXES = ['localUpdatedAt', 'state', 'purgeAfter', 'nameKey', 'docKey']

/** Another device of the centre pushes the records the new phone will pull. */
async function seed(url: URL, admin: { username: string; password: string }): Promise<void> {
  const deviceId = randomUUID()
  const login = await postJson<{ token: string; user: { id: string } }>(url, '/api/v1/auth/login', {
    ...admin,
    deviceId,
  })
  const records = makeRegistrations(RECORDS, login.user.id)
  for (const body of compressedBatches(records, { deviceId, userId: login.user.id, batchSize: 500 })) {
    const res = await fetch(new URL('/api/v1/sync/push', url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: `Bearer ${login.token}`,
      },
      body: new Uint8Array(body),
    })
    if (!res.ok) throw new Error(`seeding push: ${res.status} ${await res.text()}`)
  }
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error('Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)')
  buildAppIfStale()
  const pageScript = await bundlePageScript()
  const server = await startServer()
  const profile = await openProfile()
  let throttle: CpuThrottle | undefined
  try {
    const seedStart = performance.now()
    await seed(new URL(server.url), server.admin)
    const seedSeconds = (performance.now() - seedStart) / 1000

    const { page, context } = profile
    context.setDefaultTimeout(GIVE_UP_MS)
    const cdp = await context.newCDPSession(page)
    await page.goto(server.url)
    await waitForServiceWorkerControl(page)
    // before the app signs in (its page then idle), the same browser storing as many rows bare
    const ceiling = await measureBulkWriteCeiling(context, new URL('/manifest.webmanifest', server.url), 1, {
      pages: Math.ceil(RECORDS / PAGE_ROWS),
      rows: PAGE_ROWS,
      indexes: REGISTRATION_INDEXES,
      rowBytes: 600,
    })
    throttle = await throttleCpu(profile.dir, cdp, THROTTLE)
    let firstPull: number | undefined
    let pulls = 0
    page.on('request', (request) => {
      if (!new URL(request.url()).pathname.endsWith('/sync/pull')) return
      firstPull ??= performance.now()
      pulls++
    })
    const stored = await profiled(cdp, 'pull', async () => {
      await signIn(page, server.admin)
      await page.evaluate(pageScript)
      const waiting = page.evaluate(
        (count) => (window as unknown as BenchWindow).RelaisBench.waitForSent(count),
        RECORDS,
      )
      let timer: ReturnType<typeof setTimeout> | undefined
      const gaveUp = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`gave up: not all ${RECORDS} stored`)), GIVE_UP_MS)
      })
      try {
        return await Promise.race([waiting, gaveUp])
      } finally {
        clearTimeout(timer)
      }
    })
    const seconds = (performance.now() - (firstPull ?? performance.now())) / 1000
    const perSecond = RECORDS / seconds
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    const version = ((await cdp.send('Browser.getVersion')) as { product: string }).product
    const pass = perSecond >= TARGET_PER_SECOND
    const rows: [string, string][] = [
      ['records on the server', `${RECORDS} registrations (pushed by another device in ${seedSeconds.toFixed(1)} s)`],
      ['stored on the new phone', `${stored}, in ${pulls} pull requests`],
      ['seconds from the first pull to the last record', seconds.toFixed(1)],
      ['records per second', Math.round(perSecond).toString()],
      [`target ≥ ${TARGET_PER_SECOND} records/s`, pass ? 'PASS' : 'FAIL'],
      [
        `ceiling: bare writes of ${PAGE_ROWS.toLocaleString('en')}-row pages, no app, no throttle`,
        `${Math.round(ceiling.rowsPerSecond)} rows/s (a page in ${Math.round(ceiling.pageMs.fastest)}–${Math.round(ceiling.pageMs.slowest)} ms; the pull: ${Math.round((100 * perSecond) / ceiling.rowsPerSecond)} % of it)`,
      ],
      ['JS heap after', `${(heap.usedSize / 1024 / 1024).toFixed(0)} MB`],
      ['CPU', throttle.describe()],
      [
        'machine',
        `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}`,
      ],
      ['browser', version],
    ]
    const width = Math.max(...rows.map(([k]) => k.length))
    console.log(`\nRelais new-phone pull bench\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}`)
    if (!pass) process.exitCode = 1
  } finally {
    await throttle?.stop()
    await profile.close()
    await server.stop()
  }
}

await main()
