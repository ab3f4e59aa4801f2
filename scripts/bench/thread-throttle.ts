/**
 * A low-end phone's CPU for every thread that runs the app's code, with Linux cgroup v1 CPU
 * quotas. Chromium's own throttle (CDP Emulation.setCPUThrottlingRate) slows only the page's
 * main thread: a dedicated worker runs at full speed under it (CDP refuses it on a worker
 * target), so work moved into a worker would look faster than it is on a phone.
 *
 * Each thread gets a cgroup of its own, limited to 1/rate of one core: a phone of several
 * slow cores, where the main thread and a worker each run slowly but side by side (one
 * shared quota would instead make them take turns on one slow core). cgroup v1 `tasks`
 * takes thread ids, which is what makes a single thread limitable; cgroup v2 does not.
 *
 * The threads, found in /proc under the Chromium launched with the profile's directory:
 *   - each renderer process's main thread ("CrRendererMain" in Chromium's traces; in /proc
 *     it keeps the process's name, so it is found as the thread whose id is the pid). Every
 *     renderer is included: the page moves to another renderer when it navigates, and an
 *     idle renderer's main thread loses nothing by being limited;
 *   - each dedicated worker thread ("DedicatedWorker", the name Chromium gives it).
 * Workers start and end while the app runs, so the threads are looked for again every 50 ms.
 */
import { accessSync, constants, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs'

const CPU_CGROUP = '/sys/fs/cgroup/cpu'
const POLL_MS = 50
/** The kernel's smallest cfs_quota_us. */
const MIN_QUOTA_US = 1000
/**
 * At rate 4 the thread runs 2.5 ms of every 10 ms. The kernel holds a busy thread to 25.0 %
 * of a core with any period from 4 ms (the smallest at rate 4: a quota is ≥ 1 ms) to 40 ms,
 * and the pull bench's records/s did not differ beyond its noise at 4, 10 and 100 ms; 10 ms
 * keeps each pause (7.5 ms) shorter than a frame, where 100 ms would stall the thread 75 ms
 * at a time, which no phone does.
 */
const DEFAULT_PERIOD_US = 10_000
const PREFIX = 'relais-bench-'

export interface ThreadThrottle {
  /** Puts every thread back in the root cgroup and removes the cgroups. */
  stop(): Promise<void>
  /** One line for a bench's table. */
  describe(): string
  /** Every thread limited so far, e.g. "renderer 1234: worker thread 1240". */
  threads(): string[]
}

export type Kind = 'main' | 'worker'

interface AppThread {
  pid: number
  tid: number
  kind: Kind
}

/**
 * Limits each of the page's app threads (every renderer's main thread and every dedicated
 * worker thread of the Chromium whose --user-data-dir is userDataDir) to 1/rate of one
 * core, each in its own cgroup. Null when cgroups cannot be used here (not root, no
 * writable cgroup v1 cpu controller).
 */
export async function throttleAppThreads(
  userDataDir: string,
  rate: number,
  { periodUs = DEFAULT_PERIOD_US, kinds = ['main', 'worker'] }: { periodUs?: number; kinds?: readonly Kind[] } = {},
): Promise<ThreadThrottle | null> {
  const quotaUs = Math.round(periodUs / rate)
  if (quotaUs < MIN_QUOTA_US) throw new Error(`a ${periodUs} µs period is too short to throttle ${rate}×`)
  removeAbandonedCgroups()
  if (!cgroupsUsable(periodUs, quotaUs)) return null
  const appThreads = appThreadFinder(browserPid(userDataDir))
  const groups = new Map<number, string>() // thread id → its cgroup
  const seen: AppThread[] = []
  let made = 0

  // synchronous file calls throughout: a poll and stop() never interleave
  const poll = (): void => {
    for (const [tid, dir] of groups) {
      // a thread started by a limited thread starts in its cgroup: back to the root with it
      const inside = tasks(dir)
      for (const other of inside) if (other !== tid) moveToRoot(other)
      if (!inside.includes(tid) && removeCgroup(dir)) groups.delete(tid)
    }
    for (const thread of appThreads()) {
      if (groups.has(thread.tid) || !kinds.includes(thread.kind)) continue
      const dir = makeCgroup(`${PREFIX}${process.pid}-${made++}`, periodUs, quotaUs)
      if (!moveThread(thread.tid, dir)) {
        removeCgroup(dir)
        continue
      }
      groups.set(thread.tid, dir)
      seen.push(thread)
    }
  }
  poll()
  const timer = setInterval(poll, POLL_MS)
  timer.unref()

  return {
    async stop() {
      clearInterval(timer)
      for (const dir of groups.values()) {
        for (const tid of tasks(dir)) moveToRoot(tid)
        removeCgroup(dir)
      }
      groups.clear()
    },
    describe() {
      const count = (kind: Kind) => seen.filter((t) => t.kind === kind).length
      const ms = (us: number) => `${us / 1000} ms`
      const limited = kinds.map((kind) =>
        plural(count(kind), kind === 'main' ? 'renderer main thread' : 'worker thread'),
      )
      return `${rate}× per thread (cgroup quota: ${limited.join(' and ')}, each ${ms(quotaUs)} per ${ms(periodUs)})`
    },
    threads() {
      return seen.map((t) => `renderer ${t.pid}: ${t.kind === 'main' ? 'main thread' : `worker thread ${t.tid}`}`)
    },
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** Creating, limiting and removing a cgroup is the only test that says all of it is allowed. */
function cgroupsUsable(periodUs: number, quotaUs: number): boolean {
  try {
    accessSync(`${CPU_CGROUP}/tasks`, constants.W_OK)
    removeCgroup(makeCgroup(`${PREFIX}${process.pid}-probe`, periodUs, quotaUs))
    return true
  } catch {
    return false
  }
}

function makeCgroup(name: string, periodUs: number, quotaUs: number): string {
  const dir = `${CPU_CGROUP}/${name}`
  mkdirSync(dir)
  try {
    writeFileSync(`${dir}/cpu.cfs_period_us`, String(periodUs))
    writeFileSync(`${dir}/cpu.cfs_quota_us`, String(quotaUs))
  } catch (error) {
    removeCgroup(dir)
    throw error
  }
  return dir
}

/** False while a thread is still in it. */
function removeCgroup(dir: string): boolean {
  try {
    rmdirSync(dir)
    return true
  } catch (error) {
    if (hasCode(error, 'ENOENT')) return true
    if (hasCode(error, 'EBUSY')) return false
    throw error
  }
}

/** A bench stopped by Ctrl-C leaves its cgroups behind, empty once its browser has gone. */
function removeAbandonedCgroups(): void {
  let names: string[]
  try {
    names = readdirSync(CPU_CGROUP)
  } catch {
    return
  }
  for (const name of names) {
    const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1]
    if (owner && !exists(`/proc/${owner}`)) removeCgroup(`${CPU_CGROUP}/${name}`)
  }
}

function tasks(dir: string): number[] {
  const text = readOrNull(`${dir}/tasks`) ?? ''
  return text.split('\n').filter(Boolean).map(Number)
}

/** False when the thread has ended. */
function moveThread(tid: number, dir: string): boolean {
  try {
    writeFileSync(`${dir}/tasks`, String(tid))
    return true
  } catch (error) {
    if (hasCode(error, 'ESRCH') || hasCode(error, 'ENOENT')) return false
    throw error
  }
}

function moveToRoot(tid: number): void {
  moveThread(tid, CPU_CGROUP)
}

/**
 * What finds the app threads of every renderer under the browser, as they are at each call.
 * A poll reads only what is new since the last (a process's parent and command line, a
 * thread's name, do not change): reading all of /proc every 50 ms would take a few
 * percent of a core from the machine being measured. What has ended is forgotten, as its
 * id may be given again (pid_max is often 32768).
 */
function appThreadFinder(browser: number): () => AppThread[] {
  const ours = new Set([browser]) // the browser and every process under it
  const others = new Set<number>()
  const renderers = new Map<number, string>() // pid → the process's name
  const named = new Set<number>() // threads that have named themselves, not as workers
  return () => {
    const live = new Set(pids())
    for (const ids of [ours, others, renderers]) forgetEnded(ids, live)
    for (const pid of live) if (!ours.has(pid) && !others.has(pid)) classify(pid, live)
    const threads: AppThread[] = []
    const liveThreads = new Set<number>()
    for (const [pid, processName] of renderers) {
      for (const tid of threadIds(pid)) {
        liveThreads.add(tid)
        const kind = threadKind(pid, tid, processName, named)
        if (kind) threads.push({ pid, tid, kind })
      }
    }
    forgetEnded(named, liveThreads)
    return threads
  }

  /** Renderers are the zygote's children, the zygote the browser's: every descendant is looked at. */
  function classify(pid: number, live: Set<number>): void {
    const parent = parentPid(pid)
    if (parent === undefined) return
    // a child listed before its parent is classified waits for the next poll
    if (!ours.has(parent) && !others.has(parent) && live.has(parent)) return
    if (!ours.has(parent)) return void others.add(pid)
    ours.add(pid)
    if (commandLine(pid).includes('--type=renderer')) renderers.set(pid, threadName(pid, pid) ?? '')
  }
}

/** Forgets the ids no longer in /proc: the kernel may give them again. */
function forgetEnded(ids: Set<number> | Map<number, unknown>, live: Set<number>): void {
  for (const id of ids.keys()) if (!live.has(id)) ids.delete(id)
}

/**
 * The renderer's main thread ("CrRendererMain" in traces) keeps the process's name in
 * /proc: it is the thread whose id is the pid. A new thread has the process's name too
 * until it names itself (a worker's "DedicatedWorker thread", cut to 15 characters).
 */
function threadKind(pid: number, tid: number, processName: string, named: Set<number>): Kind | undefined {
  if (tid === pid) return 'main'
  if (named.has(tid)) return undefined
  const name = threadName(pid, tid)
  if (name?.startsWith('DedicatedWorker')) return 'worker'
  if (name !== undefined && name !== processName) named.add(tid)
  return undefined
}

/** /proc's comm: the name cut to 15 characters; a main thread's is its process's. */
function threadName(pid: number, tid: number): string | undefined {
  return readOrNull(`/proc/${pid}/task/${tid}/comm`)?.trim()
}

/** The browser process: its command line names the profile, and no --type (its children have one). */
function browserPid(userDataDir: string): number {
  const flag = `--user-data-dir=${userDataDir}`
  for (const pid of pids()) {
    const args = commandLine(pid)
    if (args.includes(flag) && !args.some((arg) => arg.startsWith('--type='))) return pid
  }
  throw new Error(`no Chromium running with ${flag}`)
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
}

function threadIds(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number)
  } catch {
    return []
  }
}

/** /proc/<pid>/stat is "pid (comm) state ppid …", and comm may hold spaces and parentheses. */
function parentPid(pid: number): number | undefined {
  const stat = readOrNull(`/proc/${pid}/stat`)
  if (stat === null) return undefined
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
}

/**
 * Chromium's child processes rewrite their command line as one string, its arguments
 * separated by spaces: both separators are split on (the profile's directory has no space).
 */
function commandLine(pid: number): string[] {
  return (readOrNull(`/proc/${pid}/cmdline`) ?? '').split(/[\0 ]/)
}

/** A process or thread may end between listing it and reading it. */
function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if (hasCode(error, 'ENOENT') || hasCode(error, 'ESRCH')) return null
    throw error
  }
}

function exists(path: string): boolean {
  try {
    accessSync(path)
    return true
  } catch {
    return false
  }
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code
}
