/**
 * One server process: opens the database, prepares it unless a cluster's primary did
 * (prepare-database.ts), builds the app, starts the retention job and listens. In a
 * cluster worker, `listen` shares the primary's port (node:cluster).
 */
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app'
import { serverUrl } from './banner'
import { openDatabase, type Db } from './db/open'
import type { Config } from './env'
import { loggerOptions } from './http/logging'
import { prepareDatabase } from './prepare-database'
import type { FirstAdmin } from './seed/first-admin'
import { startRetention } from './store/retention'

export interface RunningServer {
  app: FastifyInstance
  db: Db
  url: string
  /** Set when this start created the first admin. */
  firstAdmin: FirstAdmin | undefined
  stop(): Promise<void>
}

/**
 * How long a stop waits for the requests in flight before it closes their connections:
 * a request whose body is still arriving a byte at a time (or not at all) would hold it
 * for as long as the server waits for a body (HTTP_TIMEOUTS, minutes). A push cut off
 * so is applied whole or not at all, and its phone sends it again.
 */
export const STOP_GRACE_MS = 30_000

export async function startServer(
  config: Config,
  { prepare = true, stopGraceMs = STOP_GRACE_MS }: { prepare?: boolean; stopGraceMs?: number } = {},
): Promise<RunningServer> {
  const db = await openDatabase(config)
  const firstAdmin = prepare ? await prepareDatabase(db, config) : undefined
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
  return {
    app,
    db,
    url: serverUrl(config, port),
    firstAdmin,
    async stop() {
      retention.stop()
      await retention.done
      const cutOff = setTimeout(() => app.server.closeAllConnections(), stopGraceMs)
      try {
        await app.close() // lets the requests in flight finish
      } finally {
        clearTimeout(cutOff)
      }
      await db.destroy()
    },
  }
}
