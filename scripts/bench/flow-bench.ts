/**
 * `npm run bench:flow` (a benchmark, not a test): a flow monitor's week on the phone
 * (issue 10). Another device of Séguédine's flow monitoring point pushes 2,000 tallies of
 * the last 7 local days (Africa/Niamey) to the real server; a phone (Debian's Chromium,
 * CPU throttled 4× like a low-end phone, French) signs in and pulls them, as it holds a
 * week it synced. Then, offline as at the checkpoint during the day, in the real app:
 *   - tallies saved on the Tally screen, each timed from the tap on "Enregistrer le
 *     comptage" until its write is committed (the save: IndexedDB's `complete` event, heard
 *     first: commit-watch.ts), until Dexie announces it (after waking the live queries it
 *     concerns), and until the save is announced and the next tally is drawn, ready;
 *   - Today opened from the home screen, timed from the tap until the day's figures and
 *     the 7 days' lines are drawn (and, apart, until the week's chart is drawn): the first
 *     time right after the saves, then again. Its very first drawing in the session, once
 *     in the morning before the saves, is timed and printed apart (its code runs for the
 *     first time then: the browser compiles it as it goes).
 * The figures drawn are checked against the tallies seeded and saved. Targets: a save
 * ≤ 20 ms p95; Today's figures for 7 days ≤ 100 ms (p95). Exit code 1 when one is missed.
 * Beside the saves, the floor of any write in this browser on this machine: a bare
 * IndexedDB transaction of three rows, as a save's, in a page with no app (write-floor.ts).
 *
 * BENCH_FLOW_TALLIES (2,000), BENCH_FLOW_SAVES (50), BENCH_FLOW_OPENS (10), BENCH_FLOW_EACH=1 (every save's time),
 * BENCH_CPU_THROTTLE (4), BENCH_THROTTLE=cgroup|cdp (how: cpu-throttle.ts), BENCH_PROFILE=<prefix>: the page's CPU profile of each timed save
 * and Today open, as <prefix>-save-<n>.cpuprofile and <prefix>-today-<n>.cpuprofile.
 */
import { randomUUID } from 'node:crypto'
import { availableParallelism, cpus, loadavg } from 'node:os'
import type { Page } from 'playwright-core'
import { siteDay } from '../../src/shared/site-time'
import { daysEnding } from '../../src/features/today/week-figures'
import buildAppIfStale from '../../tests/e2e/global-setup'
import { openProfile, waitForServiceWorkerControl } from '../../tests/e2e/support/browser'
import { hasChromium } from '../../tests/e2e/support/chromium'
import { signIn } from '../../tests/e2e/support/forms'
import { startServer } from '../../tests/e2e/support/server'
import { postJson } from './api'
import { throttleCpu, type CpuThrottle } from './cpu-throttle'
import type * as FlowPage from './flow-page'
import { compressedTallyBatches, makeWeekOfTallies, peopleByDay } from './flow-tallies'
import { profiled } from './page-profile'
import { bundlePageScript, commitWatchScript } from './page-script'
import { measureWriteFloor } from './write-floor'
import { percentile } from './percentile'

const TALLIES = Number(process.env.BENCH_FLOW_TALLIES ?? 2000)
const SAVES = Number(process.env.BENCH_FLOW_SAVES ?? 50)
const OPENS = Number(process.env.BENCH_FLOW_OPENS ?? 10)
const THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 4)
/** BENCH_FLOW_EACH=1 prints every save's time, in order. */
const EACH = process.env.BENCH_FLOW_EACH === '1'
const SITE = 'SEG-FMP'
const WEEK = 7
const TARGETS = { saveP95: 20, todayP95: 100 }
const GIVE_UP_MS = 10 * 60_000
/** A monitor's pause between the last tap on a stepper and Save (the draft is written ~500 ms after a change). */
const PAUSE_BEFORE_SAVE_MS = 700
/** The page's event for a tally's write committed (commit-watch.ts). */
const TALLY_COMMITTED = 'relais-bench:tally-committed'

interface FlowWindow {
  RelaisBench: typeof FlowPage
}

/** Another device of the point pushes the week's tallies the phone will pull. */
async function seed(
  url: URL,
  admin: { username: string; password: string },
  tallies: ReturnType<typeof makeWeekOfTallies>,
) {
  const deviceId = randomUUID()
  const login = await postJson<{ token: string; user: { id: string } }>(url, '/api/v1/auth/login', {
    ...admin,
    deviceId,
  })
  for (const body of compressedTallyBatches(tallies, { deviceId, userId: login.user.id, batchSize: 500 })) {
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
    const answer = (await res.json()) as { results?: { status: string; errors?: unknown }[] }
    const refused = answer.results?.find((r) => r.status !== 'applied')
    if (refused) throw new Error(`seeding push: a tally was not applied: ${JSON.stringify(refused)}`)
  }
}

/** On the Tally screen, the first tally of the day: the point and the route, chosen once. */
async function chooseRoute(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Point de suivi des flux' }).selectOption(SITE)
  await page.getByRole('group', { name: 'Direction' }).getByLabel('Sortant').check()
  await page.getByRole('combobox', { name: 'Moyen de transport' }).selectOption('truck')
  await page.getByLabel('Pays de départ', { exact: true }).selectOption('NER')
  await page.getByLabel('Pays de destination', { exact: true }).selectOption('LBY')
  await page.getByRole('combobox', { name: 'Type de flux' }).selectOption('economic_long_term')
}

/** The people in each line of Today's week list, latest day first, and today's tallies. */
async function drawnFigures(page: Page): Promise<{ people: number[]; talliesToday: number; unsent: string }> {
  const lines = await page.locator('.week-list > li').allTextContents()
  const people = lines.map((line) => {
    const match = /(\d+) personnes?\s*$/.exec(line)
    return match ? Number(match[1]) : 0
  })
  const total = (await page.locator('.today-total').textContent()) ?? ''
  const talliesToday = Number(/(\d+) comptages?\./.exec(total)?.[1] ?? 0)
  const unsent = (await page.locator('p.unsent').textContent()) ?? ''
  return { people, talliesToday, unsent }
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error('Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)')
  const loadAtStart = loadavg()[0] ?? NaN
  buildAppIfStale()
  const pageScript = await bundlePageScript('./flow-page.ts')
  const server = await startServer()
  const profile = await openProfile()
  let throttle: CpuThrottle | undefined
  try {
    const tallies = makeWeekOfTallies(TALLIES, SITE, WEEK)
    const seedStart = performance.now()
    await seed(new URL(server.url), server.admin, tallies)
    const seedSeconds = (performance.now() - seedStart) / 1000

    const { page, context } = profile
    context.setDefaultTimeout(GIVE_UP_MS)
    const cdp = await context.newCDPSession(page)
    await context.addInitScript(await commitWatchScript('flowCounts', TALLY_COMMITTED))
    await page.goto(server.url)
    await waitForServiceWorkerControl(page)
    throttle = await throttleCpu(profile.dir, cdp, THROTTLE)

    // the phone signs in and pulls the week
    const pullStart = performance.now()
    await signIn(page, server.admin)
    await page.evaluate(pageScript)
    const state = () => page.evaluate((site) => (window as unknown as FlowWindow).RelaisBench.flowState(site), SITE)
    const deadline = Date.now() + GIVE_UP_MS
    let held = await state()
    while (held.sent < TALLIES || held.indexed < TALLIES) {
      if (Date.now() > deadline) throw new Error(`gave up: ${JSON.stringify(held)} of ${TALLIES} tallies`)
      await new Promise((resolve) => setTimeout(resolve, 250))
      held = await state()
    }
    const pullSeconds = (performance.now() - pullStart) / 1000

    // the morning: the monitor looks at Today once, its first drawing in this session
    // (nothing of its code run yet), printed apart from the openings after the saves
    await page.locator('a.tile[href="/today"]').waitFor()
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 })))
    const firstDrawing = await profiled(cdp, 'today-0', () => page.evaluate(openTodayAndWait, WEEK))
    await page.goBack()

    // the day at the checkpoint: no link until night
    await context.setOffline(true)
    await page.getByRole('link', { name: 'Comptage', exact: true }).click()
    await chooseRoute(page)
    const saveTimes: number[] = []
    const announcedTimes: number[] = []
    const drawnTimes: number[] = []
    let savedPeople = 0
    for (let n = 1; n <= SAVES; n++) {
      const men = 1 + (n % 5)
      const women = n % 3
      for (let i = 0; i < men; i++) await page.getByRole('button', { name: 'Hommes +1' }).click()
      for (let i = 0; i < women; i++) await page.getByRole('button', { name: 'Femmes +1' }).click()
      await page.getByText(new RegExp(`Total\\s*:\\s*${men + women}\\b`)).waitFor()
      await page.waitForTimeout(PAUSE_BEFORE_SAVE_MS)
      const { committed, announced, drawn } = await profiled(cdp, `save-${n}`, () =>
        page.evaluate(saveAndWait, { n, committedEvent: TALLY_COMMITTED }),
      )
      saveTimes.push(committed)
      announcedTimes.push(announced)
      drawnTimes.push(drawn)
      savedPeople += men + women
    }

    // Today, opened from the home screen, the first time right after the saves (its read
    // made old by them)
    await page.getByRole('link', { name: /Relais/ }).click()
    await page.locator('a.tile[href="/today"]').waitFor()
    const figureTimes: number[] = []
    const chartTimes: number[] = []
    let checked: Awaited<ReturnType<typeof drawnFigures>> | undefined
    for (let i = 0; i < OPENS; i++) {
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 })))
      const { figures, chart } = await profiled(cdp, `today-${i + 1}`, () => page.evaluate(openTodayAndWait, WEEK))
      figureTimes.push(figures)
      if (chart !== null) chartTimes.push(chart)
      checked ??= await drawnFigures(page)
      await page.goBack()
      await page.locator('a.tile[href="/today"]').waitFor()
    }

    // the figures drawn are those of every tally on the phone
    const today = siteDay()
    const byDay = peopleByDay(tallies)
    byDay.set(today, (byDay.get(today) ?? 0) + savedPeople)
    const expected = daysEnding(today, WEEK)
      .reverse()
      .map((day) => byDay.get(day) ?? 0)
    const seededToday = tallies.filter((t) => siteDay(new Date(t.observedAt)) === today).length
    const figuresRight =
      checked !== undefined &&
      JSON.stringify(checked.people) === JSON.stringify(expected) &&
      checked.talliesToday === seededToday + SAVES &&
      checked.unsent.includes(`${SAVES} comptages`)
    if (!figuresRight) {
      throw new Error(
        `Today drew other figures than the tallies on the phone: ${JSON.stringify(checked)}, expected people ${JSON.stringify(expected)}, ${seededToday + SAVES} tallies today, ${SAVES} unsent`,
      )
    }

    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    // a save's transaction: the tally's row, its outbox entry and its day's mark
    const floor = await measureWriteFloor(context, new URL('/manifest.webmanifest', server.url), THROTTLE, {
      stores: 3,
      rowBytes: 1024,
    })
    const version = ((await cdp.send('Browser.getVersion')) as { product: string }).product
    const ms = (value: number) => `${value.toFixed(1)} ms`
    const saveP95 = percentile(saveTimes, 95)
    const todayP95 = percentile(figureTimes, 95)
    const savePass = saveP95 <= TARGETS.saveP95
    const todayPass = todayP95 <= TARGETS.todayP95
    const rows: [string, string][] = [
      [
        'tallies on the phone',
        `${TALLIES} of ${SITE} over the last ${WEEK} local days (pushed by another device in ${seedSeconds.toFixed(1)} s, pulled and stored in ${pullSeconds.toFixed(1)} s)`,
      ],
      [`save a tally, Save until its write is committed: p50 (${SAVES}, offline)`, ms(percentile(saveTimes, 50))],
      ['save a tally: p95', ms(saveP95)],
      [`target: a save ≤ ${TARGETS.saveP95} ms p95`, savePass ? 'PASS' : 'FAIL'],
      ...(EACH
        ? [
            ['each save until committed, in order (ms)', saveTimes.map((t) => t.toFixed(0)).join(' ')] as [
              string,
              string,
            ],
          ]
        : []),
      [
        `floor: a bare IndexedDB write of 3 rows, no app: p50 / p95 (${floor.writes})`,
        `${ms(floor.p50)} / ${ms(floor.p95)}`,
      ],
      [
        'Save until Dexie announces the commit: p50 / p95',
        `${ms(percentile(announcedTimes, 50))} / ${ms(percentile(announcedTimes, 95))}`,
      ],
      [
        'Save until announced and the next tally drawn: p50 / p95',
        `${ms(percentile(drawnTimes, 50))} / ${ms(percentile(drawnTimes, 95))}`,
      ],
      [`open Today, until the day's and 7 days' figures are drawn: p50 (${OPENS})`, ms(percentile(figureTimes, 50))],
      ['open Today: p95', ms(todayP95)],
      ['open Today: the first, after the saves', ms(figureTimes[0] ?? NaN)],
      ['open Today: the later ones, p50', ms(percentile(figureTimes.slice(1), 50))],
      ['open Today: its first drawing in the session, before the saves (not in the p95)', ms(firstDrawing.figures)],
      [`target: Today's figures for ${WEEK} days ≤ ${TARGETS.todayP95} ms`, todayPass ? 'PASS' : 'FAIL'],
      [
        `open Today, until the week's chart is drawn: p50 (${chartTimes.length} drawn)`,
        chartTimes.length > 0 ? ms(percentile(chartTimes, 50)) : 'not drawn',
      ],
      ['figures drawn', `equal to the tallies on the phone (${expected.reduce((a, b) => a + b, 0)} people in 7 days)`],
      ['JS heap after', `${(heap.usedSize / 1024 / 1024).toFixed(0)} MB`],
      ['CPU', throttle.describe()],
      [
        'machine',
        `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}`,
      ],
      ['load average (1 min), at start and end', `${loadAtStart.toFixed(1)}, ${(loadavg()[0] ?? NaN).toFixed(1)}`],
      ['browser', version],
    ]
    const width = Math.max(...rows.map(([k]) => k.length))
    console.log(`\nRelais flow monitor bench\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}`)
    if (!savePass || !todayPass) process.exitCode = 1
  } finally {
    await throttle?.stop()
    await profile.close()
    await server.stop()
  }
}

/**
 * In the page: taps Save and answers how long until the n-th tally's write is committed
 * (`committedEvent`, commit-watch.ts), until Dexie announces the
 * commit on the window (`x-storagemutated-1`, keyed by `idb://<database>/<table>/<index>`,
 * after it has woken its live queries), and until the save is announced and the next
 * tally is drawn with its counts empty. (No named function inside: the bench's transpiler
 * would wrap it in a helper the page lacks.)
 */
function saveAndWait({
  n,
  committedEvent,
}: {
  n: number
  committedEvent: string
}): Promise<{ committed: number; announced: number; drawn: number }> {
  const button = [...document.querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === 'Enregistrer le comptage',
  )
  if (!button) throw new Error('no button Enregistrer le comptage')
  let start = 0
  const listening = new AbortController()
  const committed = new Promise<number>((resolve) =>
    addEventListener(committedEvent, (event) => resolve((event as CustomEvent<number>).detail - start), {
      signal: listening.signal,
    }),
  )
  const announced = new Promise<number>((resolve) =>
    addEventListener(
      'x-storagemutated-1',
      (event) => {
        const parts = Object.keys((event as CustomEvent<Record<string, unknown>>).detail ?? {})
        if (parts.some((part) => part.includes('/flowCounts/'))) resolve(performance.now() - start)
      },
      { signal: listening.signal },
    ),
  )
  const drawn = new Promise<number>((resolve) => {
    const observer = new MutationObserver(() => {
      const notice = document.querySelector('.saved-notice')?.textContent ?? ''
      const total = document.querySelector('output.running-total')?.textContent ?? ''
      // numbered as the day's tallies at the point, seeded ones included: any number
      if (!/Comptage \d+ enregistré/.test(notice) || !/Total\s*:\s*0\b/.test(total)) return
      observer.disconnect()
      requestAnimationFrame(() => resolve(performance.now() - start))
    })
    observer.observe(document.body, { childList: true, subtree: true, characterData: true })
    listening.signal.addEventListener('abort', () => observer.disconnect())
  })
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`save ${n} was not committed and drawn within 60 s`)), 60_000),
  )
  start = performance.now()
  button.click()
  return Promise.race([Promise.all([committed, announced, drawn]), timeout])
    .then(([c, a, d]) => ({ committed: c, announced: a, drawn: d }))
    .finally(() => listening.abort())
}

/**
 * In the page (on the home screen): taps Today and answers how long until the day's
 * figures and the lines of the `days` days are drawn, and until the week's chart is
 * (null when it is not within 10 s).
 */
function openTodayAndWait(days: number): Promise<{ figures: number; chart: number | null }> {
  const link = document.querySelector('a.tile[href="/today"]') as HTMLAnchorElement | null
  if (!link) throw new Error('no Today tile on this screen')
  return new Promise((resolve, reject) => {
    let start = 0
    let figures: number | undefined
    const observer = new MutationObserver(() => {
      if (figures === undefined) {
        const drawn =
          document.querySelectorAll('.week-list > li').length === days &&
          document.querySelector('.today-figures .day-figures, .today-figures .day-state') !== null
        if (!drawn) return
        figures = -1
        requestAnimationFrame(() => {
          figures = performance.now() - start
        })
      }
      if (!document.querySelector('.week-chart canvas')) return
      observer.disconnect()
      clearTimeout(timer)
      requestAnimationFrame(() =>
        requestAnimationFrame(() => resolve({ figures: figures ?? NaN, chart: performance.now() - start })),
      )
    })
    const timer = setTimeout(() => {
      observer.disconnect()
      if (figures === undefined || figures < 0) reject(new Error('Today was not drawn within 10 s'))
      else resolve({ figures, chart: null })
    }, 10_000)
    observer.observe(document.body, { childList: true, subtree: true })
    start = performance.now()
    link.click()
  })
}

await main()
