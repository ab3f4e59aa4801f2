/**
 * Where a server process spent its CPU: reads `node --cpu-prof` profiles (the load
 * bench writes them with BENCH_SERVER_PROFILE=<dir>) and prints the time by package or
 * source file, the functions with the most self time, and the project's functions (its
 * sources, or the built app's /assets/ in a page's profile: build with `--minify false`
 * for their names) with the most total time (their callees included). When the bench left a
 * `push-window.json` beside a profile, only the samples taken while the devices pushed
 * count (not the sign-ins before, nor the read-back after): profiles and
 * `process.hrtime` share Linux's monotonic clock.
 * Run: `npx tsx scripts/bench/profile-summary.ts <file.cpuprofile>…`
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

/** The push phase in microseconds of the monotonic clock, as load-bench.ts writes it. */
export interface PushWindow {
  startUs: number
  endUs: number
}

export const PUSH_WINDOW_FILE = 'push-window.json'

function pushWindow(file: string): PushWindow {
  const path = join(dirname(file), PUSH_WINDOW_FILE)
  return existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as PushWindow)
    : { startUs: -Infinity, endUs: Infinity }
}

const TOP = 25

function bucket({ functionName, url }: ProfileNode['callFrame']): string {
  if (url === '') return functionName || '(anonymous native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg?.[1] !== undefined) return pkg[1]
  const source = /\/(src\/.+)$/.exec(url)
  if (source?.[1] !== undefined) return source[1]
  return url.startsWith('node:') ? url.split('/').slice(0, 2).join('/') : url
}

const label = ({ functionName, url, lineNumber }: ProfileNode['callFrame']) =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${lineNumber + 1}`

function add(map: Map<string, number>, key: string, us: number) {
  map.set(key, (map.get(key) ?? 0) + us)
}

function print(title: string, map: Map<string, number>, total: number, filter = (_key: string) => true) {
  process.stdout.write(`\n${title}\n`)
  const rows = [...map].filter(([key]) => filter(key)).sort(([, a], [, b]) => b - a)
  for (const [key, us] of rows.slice(0, TOP)) {
    process.stdout.write(
      `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}\n`,
    )
  }
}

function summarise(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const window = pushWindow(file)
  let at = profile.startTime
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const buckets = new Map<string, number>()
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0
    at += us
    const node = byId.get(id)
    if (!node || at < window.startUs || at > window.endUs) return
    total += us
    add(buckets, bucket(node.callFrame), us)
    add(self, label(node.callFrame), us)
    // each function once per sample, however deep it recurses
    const onStack = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame
      if (frame?.url.includes('/src/') || frame?.url.includes('/assets/')) onStack.add(label(frame))
    }
    for (const key of onStack) add(inclusive, key, us)
  })
  const span = Number.isFinite(window.startUs) ? ', while the devices pushed' : ''
  process.stdout.write(`\n== ${file}: ${(total / 1e6).toFixed(1)} s sampled${span}\n`)
  print('By package or file (self time)', buckets, total)
  print('Functions, self time', self, total)
  print('Project functions, total time (callees included)', inclusive, total)
}

const script = process.argv[1]
if (script !== undefined && pathToFileURL(realpathSync(script)).href === import.meta.url) {
  const files = process.argv.slice(2)
  if (files.length === 0) {
    process.stderr.write('usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile>…\n')
    process.exit(1)
  }
  for (const file of files) summarise(file)
}
