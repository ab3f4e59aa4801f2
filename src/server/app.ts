/**
 * Builds the Fastify app without listening (style.md, Server): the API under /api/v1,
 * /healthz, and the built PWA with its SPA fallback, all on one port.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Db } from './db/open'
import type { Config } from './env'
import { authenticate } from './auth/authenticate'
import { SignInLimiter } from './auth/rate-limit'
import { compressAnswers } from './http/compress'
import { apiMiss, handleError, isApiPath, trackRoutes } from './http/errors'
import { appFallback, registerStatic } from './http/static'
import { authRoutes } from './routes/auth'
import { conflictRoutes } from './routes/conflicts'
import { deviceRoutes } from './routes/devices'
import { healthRoute, schemaRoute } from './routes/meta'
import { siteRoutes } from './routes/sites'
import { pullRoute, pushRoute } from './routes/sync'
import { userRoutes } from './routes/users'

export type AppConfig = Pick<Config, 'tokenTtlDays' | 'staticDir' | 'trustProxy'>

export interface ServerDeps {
  db: Db
  config: AppConfig
  limiter: SignInLimiter
}

export interface BuildOptions {
  db: Db
  config: AppConfig
  /** Fastify's logger: false in tests; main.ts passes pino options with redaction. */
  logger?: FastifyServerOptions['logger']
  https?: { cert: Buffer; key: Buffer }
}

export async function buildApp({ db, config, logger = false, https }: BuildOptions): Promise<FastifyInstance> {
  const options = { logger, trustProxy: config.trustProxy, bodyLimit: 1024 * 1024 }
  // Fastify types an HTTPS server apart; the routes don't care which one they run on
  const app = (https ? Fastify({ ...options, https }) : Fastify(options)) as unknown as FastifyInstance
  const deps: ServerDeps = { db, config, limiter: new SignInLimiter() }
  const allowedMethods = trackRoutes(app)

  app.decorateRequest('auth', null)
  app.setErrorHandler(handleError)
  app.addHook('onSend', async (request, reply) => {
    if (isApiPath(request.url)) reply.header('cache-control', 'no-store')
  })

  healthRoute(app, deps)
  app.register(
    async (api) => {
      compressAnswers(api)
      api.addHook('onRequest', async (request) => {
        if (request.routeOptions.config.public !== true) request.auth = await authenticate(db, request)
      })
      authRoutes(api, deps)
      schemaRoute(api)
      userRoutes(api, deps)
      siteRoutes(api, deps)
      deviceRoutes(api, deps)
      conflictRoutes(api, deps)
      pullRoute(api, deps)
      // its own scope: the push body parser and error bookkeeping apply to push alone
      api.register(async (push) => pushRoute(push, deps))
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
