/**
 * Serves the built app: hashed files under /assets/ are cached for good, the files
 * that name them (index.html, the service worker, the manifest) are revalidated on
 * every load, and any other app path answers index.html (the app routes it). Each file
 * goes brotli- or gzip-compressed when the client takes it, from the copies the build
 * wrote beside it.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

function cacheControlFor(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? IMMUTABLE : REVALIDATE
}

/** Registers the static files when the build exists; returns whether it does. */
export function registerStatic(app: FastifyInstance, staticDir: string): boolean {
  if (!existsSync(join(staticDir, 'index.html'))) return false
  app.register(fastifyStatic, {
    root: staticDir,
    cacheControl: false,
    wildcard: true,
    // the build writes .br and .gz beside each text file (scripts/build/precompress.ts)
    preCompressed: true,
    setHeaders: (reply, path) => reply.header('cache-control', cacheControlFor(path)),
  })
  return true
}

/** Non-API paths no file matched: the app's index.html, or 503 when there is no build. */
export function appFallback(request: FastifyRequest, reply: FastifyReply, hasBuild: boolean) {
  const path = request.url.split('?')[0] ?? '/'
  if (!hasBuild) {
    return reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send('The app is not built yet. Run `npm run build` (or `npm start`, which builds it), then reload.\n')
  }
  // a missing hashed file is a real 404: answering HTML for a script breaks in confusing ways
  if ((request.method !== 'GET' && request.method !== 'HEAD') || path.startsWith('/assets/')) {
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n')
  }
  return reply.header('cache-control', REVALIDATE).sendFile('index.html')
}
