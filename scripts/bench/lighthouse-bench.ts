/**
 * `npm run bench:lighthouse` (a measurement, not a test, and not part of `npm run bench`):
 * Lighthouse's mobile audit (its default: a mid-range phone emulated, the CPU slowed 4×
 * and a slow 4G link simulated) of the built app's first page, as a new visitor sees it,
 * against the real server, in Debian's Chromium. Runs it BENCH_LIGHTHOUSE_RUNS (3) times,
 * each in a fresh profile, and prints the median score of performance, accessibility and
 * best practices (issue 11: ≥ 95, 100 and 100), what made the median performance run's
 * score, and every audit of accessibility and best practices that did not pass, with the
 * elements it names. BENCH_LIGHTHOUSE_JSON=<dir> keeps each run's report.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import type { Result } from 'lighthouse'
import buildAppIfStale from '../../tests/e2e/global-setup'
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from '../../tests/e2e/support/chromium'
import { startServer } from '../../tests/e2e/support/server'

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3)
const KEEP = process.env.BENCH_LIGHTHOUSE_JSON
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const
const TARGETS: Record<(typeof CATEGORIES)[number], number> = {
  performance: 95,
  accessibility: 100,
  'best-practices': 100,
}
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
  'interactive',
]

const score = (lhr: Result, category: string) => Math.round((lhr.categories[category]?.score ?? 0) * 100)

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

/** One Lighthouse run in a Chromium of its own (a fresh profile: a first visit). */
async function audit(url: string): Promise<Result> {
  // chrome-launcher adds its own quiet flags; --headless and the rest are the e2e suites'
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS })
  try {
    const answer = await lighthouse(url, {
      port: chrome.port,
      logLevel: 'error',
      output: 'json',
      onlyCategories: [...CATEGORIES],
    })
    if (!answer) throw new Error('Lighthouse gave no result')
    const { lhr } = answer
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
    return lhr
  } finally {
    chrome.kill()
  }
}

/** The elements (or URLs, or text) an audit's details name, one line each. */
function detailLines(details: unknown): string[] {
  const items = (details as { items?: unknown[] } | undefined)?.items ?? []
  return items.slice(0, 10).flatMap((item) => {
    const row = item as Record<string, unknown>
    const node = row.node as { selector?: string; snippet?: string; explanation?: string } | undefined
    if (node)
      return [
        `${node.selector ?? ''} ${node.snippet ?? ''}`.trim(),
        ...(node.explanation ? [`  ${node.explanation}`] : []),
      ]
    const parts = ['source', 'url', 'description', 'directive', 'severity', 'value']
      .map((key) => row[key])
      .filter((value) => value !== undefined && value !== '')
      .map((value) => (typeof value === 'object' ? JSON.stringify(value) : String(value)))
    return parts.length > 0 ? [parts.join(' — ').slice(0, 300)] : []
  })
}

/** The audits of a category that did not pass (those Lighthouse scores and counts). */
function failing(lhr: Result, category: string): string[] {
  const refs = lhr.categories[category]?.auditRefs ?? []
  return refs.flatMap((ref) => {
    const result = lhr.audits[ref.id]
    if (!result || result.score === null || result.score >= 1) return []
    if (!['binary', 'numeric', 'metricSavings'].includes(result.scoreDisplayMode)) return []
    const title = `  ${ref.id} (weight ${ref.weight}, score ${result.score}): ${result.title}`
    const why = result.explanation ?? result.errorMessage
    return [title, ...(why ? [`    ${why}`] : []), ...detailLines(result.details).map((line) => `    ${line}`)]
  })
}

/** The metrics of a performance run, and the opportunities it found, largest first. */
function performanceLines(lhr: Result): string[] {
  const metrics = METRICS.map((id) => {
    const result = lhr.audits[id]
    return `  ${(result?.title ?? id).padEnd(26)} ${(result?.displayValue ?? '—').padEnd(10)} score ${result?.score ?? '—'}`
  })
  const opportunities = Object.values(lhr.audits)
    .filter((a) => (a.metricSavings?.LCP ?? 0) + (a.metricSavings?.TBT ?? 0) + (a.metricSavings?.FCP ?? 0) > 0)
    .filter((a) => a.score !== null && a.score < 1)
    .map((a) => ({
      a,
      saving: (a.metricSavings?.LCP ?? 0) + (a.metricSavings?.FCP ?? 0) + (a.metricSavings?.TBT ?? 0),
    }))
    .sort((x, y) => y.saving - x.saving)
    .slice(0, 8)
    .map(
      ({ a }) =>
        `  ${a.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''} ${JSON.stringify(a.metricSavings)}`,
    )
  return [...metrics, 'Opportunities and diagnostics with savings:', ...opportunities]
}

async function main(): Promise<void> {
  if (!hasChromium) throw new Error('Chromium is needed at /usr/bin/chromium (apt-get install -y chromium)')
  buildAppIfStale()
  const server = await startServer()
  // localhost, not 127.0.0.1: the name browsers treat as a secure origin (service worker, WebCrypto)
  const url = server.url.replace('127.0.0.1', 'localhost')
  const runs: Result[] = []
  try {
    for (let run = 0; run < RUNS; run++) {
      const lhr = await audit(url)
      runs.push(lhr)
      if (KEEP) {
        mkdirSync(KEEP, { recursive: true })
        writeFileSync(join(KEEP, `lighthouse-${run + 1}.json`), JSON.stringify(lhr))
      }
      console.error(`run ${run + 1}: ${CATEGORIES.map((c) => `${c} ${score(runs[run] as Result, c)}`).join(', ')}`)
    }
  } finally {
    await server.stop()
  }
  const first = runs[0] as Result
  const lines = [`\nLighthouse ${first.lighthouseVersion}, mobile, median of ${RUNS} runs: ${url}`]
  for (const category of CATEGORIES) {
    const scores = runs.map((lhr) => score(lhr, category))
    const value = median(scores)
    const verdict = value >= TARGETS[category] ? 'PASS' : 'FAIL'
    lines.push(
      `  ${category.padEnd(15)} ${String(value).padStart(3)}  (${scores.join(', ')})  target ≥ ${TARGETS[category]}: ${verdict}`,
    )
  }
  const byPerformance = [...runs].sort((a, b) => score(a, 'performance') - score(b, 'performance'))
  const middle = byPerformance[Math.floor(byPerformance.length / 2)] as Result
  lines.push(`\nThe median performance run (${score(middle, 'performance')}):`, ...performanceLines(middle))
  for (const category of ['accessibility', 'best-practices']) {
    // an audit that failed in any run: the runs see the same page, so they should agree
    const seen = new Set<string>()
    const failed = runs.flatMap((lhr) => failing(lhr, category)).filter((line) => !seen.has(line) && seen.add(line))
    lines.push(`\nFailing ${category} audits:`, ...(failed.length > 0 ? failed : ['  none']))
  }
  lines.push(
    `\n${first.environment.hostUserAgent}`,
    `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  )
  console.log(lines.join('\n'))
}

await main()
