/**
 * Structured logs (pino, through Fastify) that never hold personal data or secrets.
 * Fastify logs a request's method, URL, address and status, never bodies or headers;
 * redaction is the second line: should anything log a request, a reply, a body or
 * an error carrying them, authorization headers, cookies, tokens, passwords and bodies
 * are censored. Route code logs codes and counts only (an UnsealableError's reason,
 * not the batch).
 */
import type { FastifyServerOptions } from 'fastify'

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
]

/** Fastify's logger options; `stream` lets a test read the log lines. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: LOG_REDACT, censor: '[redacted]' },
    ...(stream ? { stream } : {}),
  }
}
