/**
 * The oldest app version the server serves (RELAIS_MIN_APP_VERSION; docs/api.md,
 * Forward compatibility). A request that declares an older version, in the
 * `X-Relais-App-Version` header or a push body's `appVersion`, answers
 * `426 app_update_required` before anything else is done with it: the header before the
 * credentials are even looked at, the body as soon as it is read. A request that declares
 * no version (a third-party client written from the protocol), or one that is not
 * dotted numbers (`dev`), is served: the minimum is there to move the app's own installs on.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { APP_VERSION_HEADER } from '../../shared/schemas/sync'
import { ApiError } from './api-error'

// Node gives header names in lower case
const HEADER = APP_VERSION_HEADER.toLowerCase()

const DOTTED = /^\d+(\.\d+)*$/

export function isDottedVersion(version: string): boolean {
  return version.length <= 50 && DOTTED.test(version)
}

/**
 * Whether `version` is older than `minimum`, comparing dotted numbers (`1.10` is newer
 * than `1.9`, `1.2` equals `1.2.0`). A version that is not dotted numbers is never older.
 */
export function isOlderVersion(version: string, minimum: string): boolean {
  if (!isDottedVersion(version) || !isDottedVersion(minimum)) return false
  const a = version.split('.')
  const b = minimum.split('.')
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareNumbers(a[i] ?? '0', b[i] ?? '0')
    if (order !== 0) return order < 0
  }
  return false
}

/** Compares two runs of digits of any length (no precision lost past 2^53). */
function compareNumbers(x: string, y: string): number {
  const p = x.replace(/^0+(?=\d)/, '')
  const q = y.replace(/^0+(?=\d)/, '')
  if (p.length !== q.length) return p.length - q.length
  return p < q ? -1 : p > q ? 1 : 0
}

/** The 426 answer: the app asks its user to update, and keeps everything meanwhile. */
export function appUpdateRequired(minAppVersion: string): ApiError {
  return new ApiError(
    426,
    'app_update_required',
    `This version of the app is too old for this server: update it to ${minAppVersion} or newer. Nothing on the device is lost.`,
    { minAppVersion },
  )
}

/** Registers the check on a scope's routes (the /api/v1 scope); no minimum: nothing to check. */
export function requireMinAppVersion(app: FastifyInstance, minAppVersion: string | undefined): void {
  if (minAppVersion === undefined) return
  const check = (declared: unknown) => {
    if (typeof declared === 'string' && isOlderVersion(declared.trim(), minAppVersion)) {
      throw appUpdateRequired(minAppVersion)
    }
  }
  app.addHook('onRequest', async (request: FastifyRequest) => check(request.headers[HEADER]))
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const body = request.body
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      check((body as { appVersion?: unknown }).appVersion)
    }
  })
}
