/**
 * Starts the server: settings from the environment, the database (migrated, seeded,
 * with a first admin), then listen, and a graceful stop on SIGTERM or SIGINT.
 * Run directly: `node --import tsx src/server/main.ts`.
 */
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app'
import { migrateToLatest } from './db/migrate'
import { openDatabase, type Db } from './db/open'
import { ConfigError, parseEnv, type Config } from './env'
import { loggerOptions } from './http/logging'
import { ensureFirstAdmin, type FirstAdmin } from './seed/first-admin'
import { seedSites } from './seed/seed-sites'
import { startRetention } from './store/retention'

export interface RunningServer {
  app: FastifyInstance
  db: Db
  url: string
  stop(): Promise<void>
}

export async function startServer(config: Config): Promise<RunningServer> {
  const db = await openDatabase(config)
  await migrateToLatest(db)
  await seedSites(db)
  const firstAdmin = await ensureFirstAdmin(db, config.admin)
  const app = await buildApp({
    db,
    config,
    https: config.tls,
    // request bodies are never logged: they hold personal data
    logger: loggerOptions(config.logLevel),
  })
  const retention = startRetention(db, config, app.log)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const url = `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/`
  printBanner(url, firstAdmin, config)
  return {
    app,
    db,
    url,
    async stop() {
      retention.stop()
      await retention.done
      await app.close() // lets the requests in flight finish
      await db.destroy()
    },
  }
}

/** The banner e2e tests read: the first line is always `Relais is running at <url>`. */
function printBanner(url: string, firstAdmin: FirstAdmin | undefined, config: Config): void {
  const lines = [`Relais is running at ${url}`]
  if (firstAdmin?.generatedPassword !== undefined) {
    lines.push(`First sign-in: username "${firstAdmin.username}", password "${firstAdmin.generatedPassword}"`)
    lines.push(
      'This password is shown only this once: write it down. After signing in, change it in the app under Réglages / Settings → Change my password',
      `or with POST /api/v1/users/${firstAdmin.id}/password { "currentPassword", "password" } (docs/api.md).`,
    )
  } else if (firstAdmin) {
    lines.push(`First sign-in: username "${firstAdmin.username}" with the password set in RELAIS_ADMIN_PASSWORD`)
  }
  if (!config.tls && config.host !== '127.0.0.1' && config.host !== 'localhost') {
    lines.push('Phones need HTTPS for the offline app: set RELAIS_TLS_CERT and RELAIS_TLS_KEY, or use a reverse proxy.')
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

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
  try {
    await prepare?.(config)
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
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
  } catch (error) {
    process.stderr.write(`Relais cannot start: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
}

export function isMainModule(metaUrl: string): boolean {
  const script = process.argv[1]
  return script !== undefined && pathToFileURL(realpathSync(script)).href === metaUrl
}

if (isMainModule(import.meta.url)) void runFromEnvironment()
