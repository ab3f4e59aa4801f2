/**
 * Security headers on every answer (@fastify/helmet): a CSP with no inline script and
 * no framing, no referrer, nosniff; HSTS only when this server itself speaks TLS (a
 * reverse proxy that terminates TLS sets its own). The app's build needs no inline
 * script or style: Vite emits files, and the service worker registers from one.
 */
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
}

export async function registerSecurityHeaders(app: FastifyInstance, { tls }: { tls: boolean }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    hsts: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // the app loads nothing from other origins; COEP would only get in the way of a proxy's pages
    crossOriginEmbedderPolicy: false,
  })
}
