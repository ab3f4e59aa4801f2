/**
 * Every error under /api and /healthz is JSON `{ error, message, … }` (sync-protocol.md,
 * Errors): details only for 4xx, nothing internal for 5xx. Unknown API paths answer
 * 404, known paths with the wrong method 405 (Fastify alone would say 404).
 *
 * Whether a request is the API's is decided on its path spelt plainly, not on the raw
 * URL: Fastify's router decodes %XX before it matches, so `/%61pi/v1/sync/pull` reaches
 * the pull route, and its answer must be `no-store` like any other API answer.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MAX_BATCH_BYTES, MAX_BATCH_MUTATIONS } from '../../shared/schemas/sync'
import { ApiError } from './api-error'

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'invalid_request',
}

/**
 * The path a URL names, spelt plainly: no origin (an absolute-form request target),
 * query or fragment; ASCII %XX decoded once, as the router does; runs of slashes as one.
 */
export function plainPath(url: string): string {
  const path = url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0] ?? ''
  // only ASCII matters to tell /api and /healthz apart, and decoding it alone never throws
  const decoded = path.replace(/%([0-7][\da-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  return decoded.replace(/\/{2,}/g, '/')
}

export function isApiPath(url: string): boolean {
  const path = plainPath(url)
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/healthz')
}

/** Whether an answer is the API's: by the route that took the request, or by its plain path (a miss has no route). */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url
  return isApiPath(request.url) || (route !== undefined && isApiPath(route))
}

function send(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error, message, ...extra })
}

export function handleError(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) {
    if (error.statusCode === 429) reply.header('retry-after', String(error.extra.retryAfter ?? 60))
    return send(reply, error.statusCode, error.code, error.message, error.extra)
  }
  const status = error.statusCode ?? 500
  if (status === 413 && request.url.startsWith('/api/v1/sync/push')) {
    return send(reply, 413, 'batch_too_large', 'The batch is over the limit: split it', {
      maxMutations: MAX_BATCH_MUTATIONS,
      maxBytes: MAX_BATCH_BYTES,
    })
  }
  if (status >= 400 && status < 500) {
    const code = FASTIFY_CODES[error.code] ?? (status === 413 ? 'payload_too_large' : 'bad_request')
    return send(reply, status, code, error.message)
  }
  if (isRefusedValue(error)) {
    // a value the database cannot hold (a NUL byte, a number out of range) that no schema caught: the caller's fault
    request.log.warn({ code: (error as { code?: string }).code }, 'value refused by the database')
    return send(reply, 400, 'invalid_request', 'A value in the request cannot be stored')
  }
  request.log.error({ err: error }, 'request failed')
  return send(reply, 500, 'internal', 'Something went wrong on the server')
}

/**
 * PostgreSQL's "data exception" class (SQLSTATE 22…: invalid byte sequence, NUL in text,
 * number out of range, invalid text representation): a value sent by the caller, never
 * a fault of the server. The schemas clean or refuse such values first; this is the net.
 */
function isRefusedValue(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  return /^22[0-9A-Z]{3}$/.test(code) && 'severity' in (error as object)
}

/**
 * Errors Fastify answers before any route or hook runs (a malformed percent-encoding in
 * the path): the same JSON body, `no-store` and the security headers' essentials as
 * every other answer.
 */
export function frameworkError(_error: Error, _request: FastifyRequest, reply: FastifyReply) {
  reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff')
  return send(reply, 400, 'bad_request', 'The address is not valid')
}

/**
 * Errors Node answers before Fastify sees a request: bytes that are not HTTP, headers past
 * the size limit, a request that took longer than the server waits for it (a body sent a
 * byte at a time, app.ts). The same JSON body and `no-store` as every other answer, and the
 * connection closes. Nothing is written once an answer has started on the socket.
 */
export function clientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'The request took too long to arrive; send it again']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'The request headers are too large']
        : [400, 'bad_request', 'The request is not valid HTTP']
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (socket.writable && answering?.headersSent !== true) {
    const body = JSON.stringify({ error: code, message })
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
        body,
    )
  }
  socket.destroy(error)
}

/** Records each route's method and path pattern, so that a miss can tell 404 from 405. */
export function trackRoutes(app: FastifyInstance): (url: string) => string[] {
  const routes: { pattern: RegExp; methods: string[] }[] = []
  app.addHook('onRoute', (route) => {
    const escaped = route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+')
    routes.push({ pattern: new RegExp(`^${escaped}/?$`), methods: [route.method].flat() })
  })
  return (url) => {
    const path = plainPath(url)
    return routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods)
  }
}

/** The answer for an API path no route matched. */
export function apiMiss(request: FastifyRequest, reply: FastifyReply, allowed: string[]) {
  // the method is allowed on the plain spelling of this path, not on this one (`//api/…`, a trailing slash): no route
  if (allowed.length > 0 && !allowed.includes(request.method)) {
    reply.header('allow', [...new Set(allowed)].join(', '))
    return send(reply, 405, 'method_not_allowed', `${request.method} is not allowed here`)
  }
  return send(reply, 404, 'not_found', `No API route ${request.method} ${request.url.split('?')[0]}`)
}
