/**
 * `npm run bench:2g` (a benchmark, not a test): in Debian's Chromium against the real
 * server, 1,000 registrations are queued offline through the app's own data layer, then
 * the link comes back as emulated 2G (Chromium's throttling: 50 kbit/s each way, 500 ms
 * round trip). It measures the time until the server has acknowledged all of them and
 * the bytes that crossed the link, and prints one table. Target: ≤ 30 s.
 */
import { availableParallelism, cpus } from 'node:os'
import type { CDPSession, Page, Request } from 'playwright-core'
import buildAppIfStale from '../../tests/e2e/global-setup'
import { pullEverything, signInOverApi } from '../../tests/e2e/support/api'
import { openProfile, waitForServiceWorkerControl } from '../../tests/e2e/support/browser'
import { hasChromium } from '../../tests/e2e/support/chromium'
import { signIn, unlock } from '../../tests/e2e/support/forms'
import { startServer } from '../../tests/e2e/support/server'
import { percentile } from './percentile'
import { makeRegistrations } from './registrations'
import { bundlePageScript, type BenchWindow } from './page-script'

const RECORDS = Number(process.env.RELAIS_BENCH_RECORDS ?? 1000)
const TARGET_SECONDS = 30
/** 50 kbit/s each way and 500 ms round trip, in the units of Network.emulateNetworkConditions. */
const LINK_2G = { offline: false, latency: 500, downloadThroughput: 50_000 / 8, uploadThroughput: 50_000 / 8 }
const OFFLINE = { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }
const GIVE_UP_MS = 10 * 60_000

interface Wire {
  requests: number
  pushes: number
  mutations: number
  gzipPushes: number
  upBody: number
  upTotal: number
  downBody: number
  downTotal: number
  /** Each request: when it started and ended (performance.now()), its path and bytes. */
  timeline: { start: number; end: number; path: string; up: number; down: number }[]
}

/** Counts every request the page finishes from now on, with its bytes as Chromium sent them. */
function watchWire(page: Page): { wire: Wire; settled(): Promise<void> } {
  const wire: Wire = {
    requests: 0,
    pushes: 0,
    mutations: 0,
    gzipPushes: 0,
    upBody: 0,
    upTotal: 0,
    downBody: 0,
    downTotal: 0,
    timeline: [],
  }
  const pending: Promise<void>[] = []
  const started = new Map<Request, number>()
  const count = async (request: Request, end: number) => {
    const sizes = await request.sizes()
    const path = new URL(request.url()).pathname
    wire.requests++
    wire.upBody += sizes.requestBodySize
    wire.upTotal += sizes.requestBodySize + sizes.requestHeadersSize
    wire.downBody += sizes.responseBodySize
    wire.downTotal += sizes.responseBodySize + sizes.responseHeadersSize
    wire.timeline.push({
      start: started.get(request) ?? end,
      end,
      path,
      up: sizes.requestBodySize + sizes.requestHeadersSize,
      down: sizes.responseBodySize + sizes.responseHeadersSize,
    })
    if (path === '/api/v1/sync/push') {
      wire.pushes++
      if ((await request.headerValue('content-encoding')) === 'gzip') wire.gzipPushes++
      const response = await request.response()
      const body = (await response?.json()) as { results?: unknown[] } | undefined
      wire.mutations += body?.results?.length ?? 0
    }
  }
  page.on('request', (request) => void started.set(request, performance.now()))
  page.on('requestfinished', (request) => void pending.push(count(request, performance.now())))
  return { wire, settled: async () => void (await Promise.all(pending)) }
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + GIVE_UP_MS
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const ms = (value: number) => `${value.toFixed(1)} ms`

async function main(): Promise<void> {
  if (!hasChromium) throw new Error('Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)')
  buildAppIfStale()
  const pageScript = await bundlePageScript()
  const server = await startServer()
  const profile = await openProfile()
  try {
    const { page, context } = profile
    context.setDefaultTimeout(60_000)
    await page.goto(server.url)
    await waitForServiceWorkerControl(page)
    await signIn(page, server.admin)
    await page.getByText(/Dernière synchro/).waitFor()

    // offline, a cold start from the service worker, then 1,000 saves as the form saves
    const cdp: CDPSession = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', OFFLINE)
    await page.reload()
    // a reload locks the app (its keys live in the tab's memory only): unlock offline
    await unlock(page, server.admin.password)
    await page.getByText(/Hors ligne/).waitFor()
    await page.evaluate(pageScript) // through DevTools: the app's CSP (script-src 'self') stays on
    const userId = await page.evaluate(() => (window as unknown as BenchWindow).RelaisBench.signedInUserId())
    const records = makeRegistrations(RECORDS, userId)
    const queuedAt = performance.now()
    const queued = await page.evaluate(
      (r) => (window as unknown as BenchWindow).RelaisBench.queueRegistrations(r),
      records,
    )
    const queueSeconds = (performance.now() - queuedAt) / 1000
    if (queued !== RECORDS) throw new Error(`expected ${RECORDS} queued, found ${queued}`)
    await page.getByText(new RegExp(`${RECORDS}\\s?en attente`)).waitFor()
    // the sync chip reads this count again after every save: its cost with the queue full,
    // CPU throttled 4× like a low-end phone
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    const countTimes = await page.evaluate(() => (window as unknown as BenchWindow).RelaisBench.waitingCountTimes(20))
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })

    // the link returns as 2G: the app syncs by itself (its `online` trigger)
    const { wire, settled } = watchWire(page)
    const start = performance.now()
    const startedAt = new Date().toISOString()
    await cdp.send('Network.emulateNetworkConditions', LINK_2G)
    const state = () => page.evaluate(() => (window as unknown as BenchWindow).RelaisBench.queueState())
    const acked = await until('every record acknowledged', state, (s) => s.pending === 0)
    const ackSeconds = (performance.now() - start) / 1000
    await until('the run to end', state, (s) => !s.status.running && (s.status.lastSuccessAt ?? '') > startedAt)
    const runSeconds = (performance.now() - start) / 1000
    await settled()
    const sent = (await state()).sent

    // the server, asked from another device, holds each record exactly once
    const token = await signInOverApi(server.url, server.admin.username, server.admin.password)
    const held = (await pullEverything(server.url, token)).filter(
      (c) => c.entity === 'registration' && c.data?.registeredBy === userId,
    )
    const once = new Set(held.map((c) => c.recordId)).size === held.length && held.every((c) => c.rev === 1)

    const pass = ackSeconds <= TARGET_SECONDS
    const version = ((await cdp.send('Browser.getVersion')) as { product: string }).product
    const rows: [string, string][] = [
      ['records queued offline', `${RECORDS} (saved in ${queueSeconds.toFixed(1)} s)`],
      ['acknowledged / shown sent', `${RECORDS - acked.pending} / ${sent}`],
      ['held by the server (once, rev 1)', `${held.length} (${once ? 'yes' : 'NO'})`],
      ['push batches (gzip)', `${wire.pushes} (${wire.gzipPushes}), ${wire.mutations} mutations answered`],
      ['requests in all', `${wire.requests}`],
      ['bytes up (bodies / with headers)', `${kB(wire.upBody)} / ${kB(wire.upTotal)}`],
      ['bytes down (bodies / with headers)', `${kB(wire.downBody)} / ${kB(wire.downTotal)}`],
      ['up per record', `${Math.round(wire.upTotal / RECORDS)} B`],
      [
        `records waiting, as the chip counts them (CPU 4×), p50 / p95`,
        `${ms(percentile(countTimes.records, 50))} / ${ms(percentile(countTimes.records, 95))} (an index count of the entries: ${ms(percentile(countTimes.entries, 50))} / ${ms(percentile(countTimes.entries, 95))})`,
      ],
      ['seconds until all acknowledged', ackSeconds.toFixed(1)],
      ['seconds until the run ended (pull, sites)', runSeconds.toFixed(1)],
      [`target ≤ ${TARGET_SECONDS} s`, pass ? 'PASS' : 'FAIL'],
      ['link', '50 kbit/s up and down, 500 ms round trip (Chromium throttling)'],
      [
        'machine',
        `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}`,
      ],
      ['browser', version],
    ]
    const width = Math.max(...rows.map(([k]) => k.length))
    console.log(`\nRelais 2G sync bench\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}`)
    console.log('\n  each request (seconds after the link returned; bytes with headers)')
    for (const r of wire.timeline.sort((a, b) => a.start - b.start)) {
      const when = `${((r.start - start) / 1000).toFixed(1)} → ${((r.end - start) / 1000).toFixed(1)} s`
      console.log(
        `    ${when.padEnd(14)} ${r.path.padEnd(20)} up ${kB(r.up).padStart(9)}  down ${kB(r.down).padStart(9)}`,
      )
    }
    if (!pass || !once || sent !== RECORDS) process.exitCode = 1
  } finally {
    await profile.close()
    await server.stop()
  }
}

await main()
