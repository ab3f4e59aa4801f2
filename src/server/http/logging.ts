/**
 * Structured logs (pino, through Fastify) that never hold personal data or secrets.
 * Fastify logs a request's method, URL, address and status, never bodies or headers;
 * redaction is the second line: should anything log a request, a reply, a body or
 * an error carrying them, authorization headers, cookies, tokens, passwords and bodies
 * are censored, and so is what a database error quotes of a row (PostgreSQL's `detail`).
 * Route code logs codes and counts only (an UnsealableError's reason, not the batch).
 *
 * A URL is logged as its path and a redacted query: a client may put a token or a
 * password in the query string (a link, a misconfigured proxy), and Fastify would log
 * it whole. Only the API's own parameters keep their values.
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify'

export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'req.query.token',
  'res.body',
  'res.headers["set-cookie"]',
  'body',
  'payload',
  'headers.authorization',
  '*.authorization',
  'password',
  'currentPassword',
  'token',
  'pushToken',
  '*.password',
  '*.currentPassword',
  '*.token',
  '*.pushToken',
  '*.body',
  '*.data',
  '*.mutations',
  '*.sealed',
  // a PostgreSQL error quotes the row it refused or the key it found taken: values a person typed
  'err.detail',
  'err.where',
  'err.internalQuery',
  'err.cause.detail',
]

/** The API's query parameters (pull, conflicts, audit, export): cursors, counts and flags, never secrets. */
const PLAIN_PARAMETERS = new Set(['since', 'limit', 'status', 'before', 'personal'])
/** Names clients carry credentials under: kept, so that a leak shows in the log, with the value censored. */
const CREDENTIAL_NAMES =
  /^(token|access_token|accesstoken|push_?token|id_token|refresh_token|password|current_?password|passphrase|authorization|auth|secret|api_?key|key|session|code)$/i
const CENSOR = '[redacted]'
const MAX_VALUE = 100

/** The URL as logged: no userinfo, the path as sent, and only the API's own parameters with their values. */
export function loggedUrl(url: string): string {
  const plain = url.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#@]*@/i, '$1')
  const at = plain.indexOf('?')
  if (at === -1) return plain
  const query = [...new URLSearchParams(plain.slice(at + 1))].map(([name, value]) => {
    if (PLAIN_PARAMETERS.has(name)) return `${name}=${encodeURIComponent(value.slice(0, MAX_VALUE))}`
    // any other name may itself be the secret (`?<token>`): only well-known credential names are shown
    return CREDENTIAL_NAMES.test(name) ? `${name}=${CENSOR}` : CENSOR
  })
  return query.length === 0 ? plain.slice(0, at) : `${plain.slice(0, at)}?${query.join('&')}`
}

/** Fastify's request serializer, with the URL as loggedUrl makes it. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggedUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  }
}

/** Fastify's logger options; `stream` lets a test read the log lines. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: LOG_REDACT, censor: CENSOR },
    serializers: { req: serializeRequest },
    ...(stream ? { stream } : {}),
  }
}
