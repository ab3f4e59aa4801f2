/**
 * Where a page's main thread spent one timed window: reads Chrome traces written with
 * BENCH_TRACE=<prefix> (page-profile.ts) and prints, for the busiest renderer main thread,
 * the self time of each kind of event (script, style, layout, paint, IndexedDB callbacks,
 * garbage collection…), summed over the files given, and the share of the window the
 * thread was busy at all.
 * Run: `npx tsx scripts/bench/trace-summary.ts <file.json>…`
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args?: { name?: string; data?: { functionName?: string; url?: string } }
}

interface Span {
  name: string
  start: number
  end: number
}

/** The main threads of renderers, as `pid:tid`. */
function rendererMains(events: TraceEvent[]): Set<string> {
  return new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  )
}

/** Complete spans of one thread, B/E pairs joined, in start order (outer before inner). */
function spansOf(events: TraceEvent[]): Span[] {
  const spans: Span[] = []
  const open: TraceEvent[] = []
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X' && e.dur !== undefined) spans.push({ name: label(e), start: e.ts, end: e.ts + e.dur })
    else if (e.ph === 'B') open.push(e)
    else if (e.ph === 'E') {
      const begin = open.pop()
      if (begin) spans.push({ name: label(begin), start: begin.ts, end: e.ts })
    }
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end)
}

function label(e: TraceEvent): string {
  const fn = e.args?.data?.functionName
  return e.name === 'FunctionCall' && fn ? `FunctionCall ${fn}` : e.name
}

/** Self time by name: each span's time minus its children's. */
function selfTimes(spans: Span[]): { self: Map<string, number>; busy: number; window: number } {
  const self = new Map<string, number>()
  const stack: Span[] = []
  let busy = 0
  const add = (name: string, us: number) => self.set(name, (self.get(name) ?? 0) + us)
  for (const span of spans) {
    while (stack.length > 0 && (stack[stack.length - 1] as Span).end <= span.start) stack.pop()
    const parent = stack[stack.length - 1]
    if (parent) add(parent.name, -(Math.min(span.end, parent.end) - span.start))
    else busy += span.end - span.start
    add(span.name, span.end - span.start)
    stack.push(span)
  }
  const first = spans[0]?.start ?? 0
  const last = Math.max(...spans.map((s) => s.end), first)
  return { self, busy, window: last - first }
}

export function summarise(files: string[]): string {
  const total = new Map<string, number>()
  let busy = 0
  let window = 0
  for (const file of files) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[]
    const events = Array.isArray(parsed) ? parsed : parsed.traceEvents
    const mains = rendererMains(events)
    const byThread = new Map<string, TraceEvent[]>()
    for (const e of events) {
      const key = `${e.pid}:${e.tid}`
      if (mains.has(key)) byThread.set(key, [...(byThread.get(key) ?? []), e])
    }
    // the page's thread: the busiest renderer
    const threads = [...byThread.values()].map((list) => selfTimes(spansOf(list)))
    const page = threads.sort((a, b) => b.busy - a.busy)[0]
    if (!page) continue
    for (const [name, us] of page.self) total.set(name, (total.get(name) ?? 0) + us)
    busy += page.busy
    window += page.window
  }
  const ms = (us: number) => `${(us / 1000 / files.length).toFixed(1).padStart(8)} ms`
  const lines = [...total.entries()]
    .filter(([, us]) => us / files.length >= 200)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)
    .map(([name, us]) => `${ms(us)}  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name}`)
  return [
    `${files.length} trace(s), per trace: main thread busy ${ms(busy).trim()} of a ${ms(window).trim()} window`,
    'self time by event, per trace:',
    ...lines,
  ].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = process.argv.slice(2)
  if (files.length === 0) {
    console.error('usage: npx tsx scripts/bench/trace-summary.ts <trace.json>…')
    process.exit(2)
  }
  console.log(summarise(files))
}
