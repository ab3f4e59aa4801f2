/**
 * Starts the server from the environment: settings (env.ts), then one process
 * (start-server.ts) or, with RELAIS_WORKERS > 1, a primary and its workers
 * (cluster.ts); a graceful stop on SIGTERM or SIGINT. Run directly:
 * `node --import tsx src/server/main.ts`. Cluster workers run this file too.
 */
import cluster from 'node:cluster'
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { printBanner } from './banner'
import { runPrimary, runWorker } from './cluster'
import { ConfigError, parseEnv, type Config } from './env'
import { startServer } from './start-server'

export { startServer, type RunningServer } from './start-server'

/** Parses the environment and starts; a bad setting prints one line and exits 1. */
export async function runFromEnvironment(prepare?: (config: Config) => Promise<void>): Promise<void> {
  let config: Config
  try {
    config = parseEnv(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`Relais cannot start: bad setting ${error.message}\n`)
    process.exit(1)
  }
  // a worker: the primary already built the app, prepared the database and prints the banner
  if (cluster.isWorker) return runWorker(config)
  try {
    await prepare?.(config)
    if (config.workers > 1) await runPrimary(config)
    else await runOneProcess(config)
  } catch (error) {
    process.stderr.write(`Relais cannot start: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
}

async function runOneProcess(config: Config): Promise<void> {
  const server = await startServer(config)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    server.app.log.info(`${signal}: finishing requests in flight, then stopping`)
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  // `on`, not `once`: Ctrl-C under `npm start` can deliver SIGINT twice (from the terminal and
  // relayed by npm), and a second one with no listener would end the process mid-stop
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  // only now: whoever reads the banner may send SIGTERM at once, and a signal that came
  // before its listener would end the process with no graceful stop (seen under load)
  printBanner(server.url, server.firstAdmin, config)
}

export function isMainModule(metaUrl: string): boolean {
  const script = process.argv[1]
  return script !== undefined && pathToFileURL(realpathSync(script)).href === metaUrl
}

if (isMainModule(import.meta.url)) void runFromEnvironment()
