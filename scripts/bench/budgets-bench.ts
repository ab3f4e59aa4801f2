/**
 * `npm run bench:budgets` (a measurement, not a test): the field budgets of issue 11, in
 * Debian's Chromium with the CPU throttled 4× (a low-end phone), against the real server
 * and the built app:
 *   - the JavaScript a first start loads before the sign-in form is usable, as it crosses
 *     the wire (compressed) and its gzip size, against 150 KB gzip;
 *   - an offline cold start (a new tab, no network, the app from the service worker's
 *     cache) until the unlock form takes input, against 1 s;
 *   - unlock (PBKDF2 at 600,000 iterations included) until home is usable, against 1 s;
 *   - whether the server sends static files compressed (prebuilt brotli and gzip).
 * Each timing is the median of BENCH_BUDGET_RUNS (5) runs. The wire cost of a record
 * against OpenRosa is `npm run bench:sync` (BENCH_FULL_RECORDS=1 for full registrations).
 * BENCH_CPU_THROTTLE (4).
 */
import { readFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import buildAppIfStale from '../../tests/e2e/global-setup'
import { openProfile, waitForServiceWorkerControl } from '../../tests/e2e/support/browser'
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from '../../tests/e2e/support/chromium'
import { signIn } from '../../tests/e2e/support/forms'
import { startServer } from '../../tests/e2e/support/server'

const RUNS = Number(process.env.BENCH_BUDGET_RUNS ?? 5)
const THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 4)
const BUDGET = { initialKb: 150, coldStartMs: 1000, unlockMs: 1000 }
const HOME_TILE = 'Enregistrer une personne'

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
}

/** Scripts fetched until the sign-in form takes input: bytes on the wire, and their gzip size. */
async function firstStartScripts(page: Page, url: string): Promise<{ files: number; wire: number; gzip: number }> {
  const scripts = new Map<string, number>()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  const urls = new Map<string, string>()
  cdp.on('Network.responseReceived', (event: { requestId: string; type: string; response: { url: string } }) => {
    if (event.type === 'Script') urls.set(event.requestId, event.response.url)
  })
  cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
    const script = urls.get(event.requestId)
    if (script) scripts.set(script, event.encodedDataLength)
  })
  await page.goto(url)
  await page.getByLabel("Nom d'utilisateur").waitFor()
  await cdp.detach()
  const dist = join(process.cwd(), 'dist')
  let gzip = 0
  for (const script of scripts.keys()) {
    const path = new URL(script).pathname
    gzip += gzipSync(readFileSync(join(dist, path)), { level: 9 }).length
  }
  return { files: scripts.size, wire: [...scripts.values()].reduce((a, b) => a + b, 0), gzip }
}

/** The browser started again on the same profile, with no network, its CPU throttled. */
async function relaunchOffline(dir: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    locale: 'fr-FR',
    viewport: { width: 390, height: 844 },
    serviceWorkers: 'allow',
    offline: true,
  })
  context.setDefaultTimeout(60_000)
  const page = context.pages()[0] ?? (await context.newPage())
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
  return { context, page }
}

/**
 * A cold start with no network (the browser just started, the app from the service
 * worker's cache): navigation start until the unlock form's password field exists and
 * is enabled, seen by an observer in the page from its first script on.
 */
async function offlineColdStart(page: Page, url: string): Promise<number> {
  await page.addInitScript(() => {
    const seen = window as unknown as { unlockReadyAt?: number }
    new MutationObserver(() => {
      const input = document.getElementById('unlock-passphrase') as HTMLInputElement | null
      if (input && !input.disabled) seen.unlockReadyAt ??= performance.now()
    }).observe(document, { subtree: true, childList: true, attributes: true })
  })
  await page.goto(url)
  await page.waitForFunction(() => (window as unknown as { unlockReadyAt?: number }).unlockReadyAt !== undefined)
  return page.evaluate(() => (window as unknown as { unlockReadyAt: number }).unlockReadyAt)
}

/** From the tap on Unlock until home's first tile is on screen. */
async function unlockToHome(page: Page, password: string): Promise<number> {
  await page.getByLabel('Mot de passe').fill(password)
  const start = performance.now()
  await page.getByRole('button', { name: 'Déverrouiller' }).click()
  await page.getByRole('link', { name: HOME_TILE, exact: true }).first().waitFor()
  return performance.now() - start
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error('Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)')
  buildAppIfStale()
  const server = await startServer()
  const profile = await openProfile()
  try {
    const { page, context } = profile
    context.setDefaultTimeout(60_000)
    const initial = await firstStartScripts(page, server.url)
    const asset = [...readFileSync(join(process.cwd(), 'dist', 'index.html'), 'utf8').matchAll(/src="([^"]+\.js)"/g)][0]
    const encoding = asset?.[1]
      ? (await fetch(new URL(asset[1], server.url), { headers: { 'accept-encoding': 'br, gzip' } })).headers.get(
          'content-encoding',
        )
      : null

    await signIn(page, server.admin, HOME_TILE)
    await waitForServiceWorkerControl(page)
    const version = ((await (await context.newCDPSession(page)).send('Browser.getVersion')) as { product: string })
      .product
    await profile.closeBrowser()
    const cold: number[] = []
    const unlock: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const again = await relaunchOffline(profile.dir)
      try {
        cold.push(await offlineColdStart(again.page, server.url))
        unlock.push(await unlockToHome(again.page, server.admin.password))
      } finally {
        await again.context.close()
      }
    }
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
    const rows: [string, string, string][] = [
      [
        'JavaScript until the sign-in form is usable (first visit)',
        `${initial.files} files, ${kb(initial.wire)} on the wire (brotli), ${kb(initial.gzip)} gzip`,
        `≤ ${BUDGET.initialKb} KB gzip: ${verdict(initial.gzip <= BUDGET.initialKb * 1024)}`,
      ],
      [
        `offline cold start until the unlock form takes input, median of ${RUNS}`,
        `${median(cold).toFixed(0)} ms (${cold.map((ms) => ms.toFixed(0)).join(', ')})`,
        `≤ ${BUDGET.coldStartMs} ms: ${verdict(median(cold) <= BUDGET.coldStartMs)}`,
      ],
      [
        `unlock (PBKDF2, 600,000 iterations) until home is usable, median of ${RUNS}`,
        `${median(unlock).toFixed(0)} ms (${unlock.map((ms) => ms.toFixed(0)).join(', ')})`,
        `≤ ${BUDGET.unlockMs} ms: ${verdict(median(unlock) <= BUDGET.unlockMs)}`,
      ],
      [
        'static files compressed',
        `Content-Encoding: ${encoding ?? 'none'}`,
        verdict(encoding === 'br' || encoding === 'gzip'),
      ],
      ['CPU', `throttled ${THROTTLE}× (Chromium)`, ''],
      [
        'machine',
        `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load ${loadavg()[0]?.toFixed(1)}`,
        '',
      ],
      ['browser', version, ''],
    ]
    const width = Math.max(...rows.map(([k]) => k.length))
    const valueWidth = Math.max(...rows.map(([, v]) => v.length))
    console.log(
      `\nRelais field budgets\n${rows.map(([k, v, t]) => `  ${k.padEnd(width)}  ${v.padEnd(valueWidth)}  ${t}`).join('\n')}`,
    )
    const failed = rows.some(([, , t]) => t.includes('FAIL'))
    if (failed) process.exitCode = 1
  } finally {
    await profile.close()
    await server.stop()
  }
}

await main()
