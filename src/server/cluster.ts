/**
 * RELAIS_WORKERS > 1 (PostgreSQL only): several server processes on one host, on one
 * port. The primary prepares the database once (prepare-database.ts), forks the
 * workers, which all listen on the same port (node:cluster hands the connections
 * round), and prints the banner once they all serve. A worker that dies is replaced;
 * SIGTERM or SIGINT on the primary stops the workers, each finishing its requests in
 * flight, then exits 0. Everything the workers share (tokens, sign-in limits, keys,
 * cursors, devices) lives in the database, so any worker may answer any request.
 *
 * Workers run main.ts with the primary's Node flags: under `npm start` (tsx) and
 * `node --import tsx` those hold tsx's loader, so the workers load TypeScript too;
 * without one, `--import tsx` is added.
 */
import cluster, { type Worker } from 'node:cluster'
import { fileURLToPath } from 'node:url'
import { printBanner, serverUrl } from './banner'
import { openDatabase } from './db/open'
import type { Config } from './env'
import { prepareDatabase } from './prepare-database'
import { startServer, type RunningServer } from './start-server'

const WORKER_ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url))
/** A replacement that dies before it serves waits this long, doubled each time, before the next. */
const RESTART_DELAY_MS = 1000
const MAX_RESTART_DELAY_MS = 60_000

function withTypeScript(execArgv: readonly string[]): string[] {
  return execArgv.some((arg) => /\btsx\b/.test(arg)) ? [...execArgv] : [...execArgv, '--import', 'tsx']
}

const say = (line: string) => process.stderr.write(`Relais: ${line}\n`)

export async function runPrimary(config: Config): Promise<void> {
  const db = await openDatabase(config)
  const firstAdmin = await prepareDatabase(db, config).finally(() => db.destroy())
  cluster.setupPrimary({ exec: WORKER_ENTRY, execArgv: withTypeScript(process.execArgv) })

  const alive = new Map<number, Worker>()
  const serving = new Set<number>()
  const replacements = new Set<number>()
  let started = false
  let stopping = false
  let exitCode = 0
  let restartDelay = RESTART_DELAY_MS

  const fork = (replacing: boolean) => {
    const worker = cluster.fork()
    alive.set(worker.id, worker)
    if (replacing) replacements.add(worker.id)
  }
  const stop = (code: number) => {
    if (stopping) return
    stopping = true
    exitCode = code
    for (const worker of alive.values()) worker.process.kill('SIGTERM')
    if (alive.size === 0) process.exit(exitCode)
  }

  cluster.on('listening', (worker, address) => {
    serving.add(worker.id)
    if (replacements.has(worker.id)) {
      restartDelay = RESTART_DELAY_MS
      say(`server process ${worker.process.pid} took over`)
    }
    if (!started && serving.size === config.workers) {
      started = true
      printBanner(serverUrl(config, address.port), firstAdmin, config)
    }
  })
  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker.id)
    const how = signal ?? `exit code ${code}`
    if (stopping) {
      // stopped by us: it finished its requests (0), or had not started yet (SIGTERM)
      if (code !== 0 && signal !== 'SIGTERM') exitCode = 1
      if (alive.size === 0) process.exit(exitCode)
      return
    }
    if (!started) {
      // the start failed (the worker said why on stderr): do not loop on it
      say(`server process ${worker.process.pid} stopped before it served (${how}): stopping`)
      stop(1)
      return
    }
    const delay = serving.has(worker.id) ? 0 : restartDelay
    if (!serving.has(worker.id)) restartDelay = Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS)
    say(`server process ${worker.process.pid} stopped (${how}); starting another`)
    setTimeout(() => stopping || fork(true), delay)
  })
  process.once('SIGTERM', () => stop(0))
  process.once('SIGINT', () => stop(0))
  for (let i = 0; i < config.workers; i++) fork(false)
}

export async function runWorker(config: Config): Promise<void> {
  let server: RunningServer | undefined
  let stopping = false
  const stop = (reason: string) => {
    if (stopping) return
    stopping = true
    if (!server) return // still starting: it stops as soon as it has
    server.app.log.info(`${reason}: finishing requests in flight, then stopping`)
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  // Ctrl-C reaches every process of the terminal: the primary stops the workers itself
  process.on('SIGINT', () => undefined)
  // the primary is gone (killed): no one hands this worker connections any more
  process.once('disconnect', () => stop('primary gone'))
  try {
    // the primary prepared the database and printed the banner
    server = await startServer(config, { prepare: false })
  } catch (error) {
    process.stderr.write(`Relais cannot start: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
  if (stopping) {
    stopping = false
    stop('SIGTERM before serving')
  }
}
