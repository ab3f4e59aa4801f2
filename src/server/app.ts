/**
 * Builds the Fastify app without listening: the API under /api/v1,
 * /healthz, and the built PWA with its SPA fallback, all on one port. Every answer
 * carries the security headers (http/security-headers.ts); API answers `no-store`.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Db } from './db/open'
import type { Config } from './env'
import { authenticate } from './auth/authenticate'
import { SignInLimiter } from './auth/rate-limit'
import { requireMinAppVersion } from './http/app-version'
import { compressAnswers } from './http/compress'
import { apiMiss, clientError, frameworkError, handleError, isApiPath, isApiRequest, trackRoutes } from './http/errors'
import { registerJsonBodyParser } from './http/json-body'
import { registerSecurityHeaders } from './http/security-headers'
import { appFallback, registerStatic } from './http/static'
import { auditRoutes } from './routes/audit'
import { authRoutes } from './routes/auth'
import { conflictRoutes } from './routes/conflicts'
import { courierRoute } from './routes/courier'
import { deviceRoutes } from './routes/devices'
import { duplicateRoutes } from './routes/duplicates'
import { exportRoutes } from './routes/export'
import { aggregateExportRoutes } from './routes/export-aggregate'
import { keyRoutes } from './routes/keys'
import { meRoutes } from './routes/me'
import { healthRoute, schemaRoute } from './routes/meta'
import { siteRoutes } from './routes/sites'
import { staffRoutes } from './routes/staff'
import { statsRoutes } from './routes/stats'
import { quarantineRoutes } from './routes/quarantine'
import { rejectionRoutes } from './routes/rejections'
import { pullRoute, pushRoute } from './routes/sync'
import { userRoutes } from './routes/users'
import { ServerKeyring } from './store/server-keys'

export type AppConfig = Pick<Config, 'tokenTtlDays' | 'staticDir' | 'trustProxy'> &
  Partial<Pick<Config, 'keySecret' | 'minAppVersion'>>

export interface ServerDeps {
  db: Db
  config: AppConfig
  limiter: SignInLimiter
  keys: ServerKeyring
}

export interface BuildOptions {
  db: Db
  config: AppConfig
  /** Fastify's logger: false in tests; main.ts passes pino options with redaction (http/logging.ts). */
  logger?: FastifyServerOptions['logger']
  https?: { cert: Buffer; key: Buffer }
  /** How long the server waits for a request (HTTP_TIMEOUTS); the tests shorten them. */
  timeouts?: Partial<HttpTimeouts>
}

export interface HttpTimeouts {
  /** A connection that sends nothing for this long is closed (a body that stopped arriving). */
  idleMs: number
  /** A request whose body has not all arrived after this long answers 408 and is closed. */
  requestMs: number
  /** How often Node looks for requests past requestMs. */
  checkEveryMs: number
}

/**
 * Fastify waits for a request forever by default: a client that sends its headers and then
 * its body a byte at a time, or never, holds a connection (and a file descriptor) for good,
 * and enough of them stop the server answering anyone. Sign-in takes a body from anyone.
 * A phone on 2G sends a 2 MiB batch (or an 8 MiB courier file) steadily, with no pause of
 * two minutes (the app gives up on a call after two minutes anyway); fifteen minutes bound
 * a body trickled a byte at a time.
 */
export const HTTP_TIMEOUTS: HttpTimeouts = { idleMs: 120_000, requestMs: 15 * 60_000, checkEveryMs: 30_000 }

export async function buildApp({
  db,
  config,
  logger = false,
  https,
  timeouts,
}: BuildOptions): Promise<FastifyInstance> {
  const wait = { ...HTTP_TIMEOUTS, ...timeouts }
  // Node's own wait for the headers (60 s), never past the request's: Node takes the shorter as the headers' one
  const server = { connectionsCheckingInterval: wait.checkEveryMs, headersTimeout: Math.min(60_000, wait.requestMs) }
  const options = {
    logger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    frameworkErrors: frameworkError,
    connectionTimeout: wait.idleMs,
    requestTimeout: wait.requestMs,
    clientErrorHandler: clientError,
    http: server,
  }
  // Fastify types an HTTPS server apart; the routes don't care which one they run on
  const app = (https
    ? Fastify({ ...options, https: { ...https, ...server } })
    : Fastify(options)) as unknown as FastifyInstance
  // the first start makes the server's key pair for sealed batches
  const keys = new ServerKeyring(db, config.keySecret)
  await keys.init()
  const deps: ServerDeps = { db, config, limiter: new SignInLimiter(db), keys }
  const allowedMethods = trackRoutes(app)

  await registerSecurityHeaders(app, { tls: https !== undefined })
  app.decorateRequest('auth', null)
  app.setErrorHandler(handleError)
  registerJsonBodyParser(app)
  app.addHook('onSend', async (request, reply) => {
    // on the route or the decoded path, not the raw URL: the router takes /%61pi/v1/… for /api/v1/…
    if (isApiRequest(request)) reply.header('cache-control', 'no-store')
  })

  healthRoute(app, deps)
  app.register(
    async (api) => {
      compressAnswers(api)
      requireMinAppVersion(api, config.minAppVersion) // 426 before the credentials are looked at
      api.addHook('onRequest', async (request) => {
        if (request.routeOptions.config.public !== true) request.auth = await authenticate(db, request)
      })
      authRoutes(api, deps)
      keyRoutes(api, deps)
      schemaRoute(api)
      userRoutes(api, deps)
      siteRoutes(api, deps)
      staffRoutes(api, deps)
      meRoutes(api, deps)
      deviceRoutes(api, deps)
      conflictRoutes(api, deps)
      exportRoutes(api, deps)
      aggregateExportRoutes(api, deps)
      auditRoutes(api, deps)
      statsRoutes(api, deps)
      quarantineRoutes(api, deps)
      rejectionRoutes(api, deps)
      duplicateRoutes(api, deps)
      pullRoute(api, deps)
      // its own scope: the push body parser and error bookkeeping apply to push alone
      api.register(async (push) => pushRoute(push, deps))
      // its own scope too: the courier file's parser and size limit
      api.register(async (courier) => courierRoute(courier, deps))
    },
    { prefix: '/api/v1' },
  )
  const hasBuild = registerStatic(app, config.staticDir)
  app.setNotFoundHandler((request, reply) =>
    isApiPath(request.url)
      ? apiMiss(request, reply, allowedMethods(request.url))
      : appFallback(request, reply, hasBuild),
  )
  return app
}
