/**
 * One API call over fetch, turned into a typed outcome: network errors, timeouts, error
 * statuses and answers that are not the API's JSON each get their own kind.
 */
import type { z } from 'zod'
import { apiErrorSchema } from '@/shared/schemas/sync'
import { APP_VERSION, withAppVersion } from './app-version'
import type { ServerClock } from '@/data/sync-status'
import type { Outcome, TransportFailure } from './transport'

export interface HttpOptions {
  /** Default '' (same origin). */
  baseUrl?: string
  fetch?: typeof fetch
  /** Give up on a silent connection after this long (2G links stall rather than fail). */
  timeoutMs?: number
  /** Sent in `X-Relais-App-Version` on every call (default: this build's; '' sends none). */
  appVersion?: string
}

/** Seconds from a `Retry-After` header (seconds or an HTTP date). */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds)
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}

export async function callApi<T>(
  opts: HttpOptions,
  path: string,
  init: RequestInit,
  schema: z.ZodType<T>,
): Promise<Outcome<T>> {
  const answer = await callApiText(opts, path, init)
  if (!answer.ok) return answer
  const parsed = schema.safeParse(parseJson(answer.value))
  if (!parsed.success) return unexpectedAnswer()
  return { ok: true, value: parsed.data, ...(answer.clock ? { clock: answer.clock } : {}) }
}

/**
 * An API call whose successful answer is left as the server sent it, unparsed: a new
 * phone's pull hands its pages to a worker that parses them (data/pull-workers.ts). Every
 * failure is told as `callApi` tells it; an answer that is not the expected JSON is the
 * reader's to tell, as `unexpectedAnswer()`.
 */
export async function callApiText(opts: HttpOptions, path: string, init: RequestInit): Promise<Outcome<string>> {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 120_000)
  let res: Response
  let text: string
  try {
    // every call says which version asks: a server may require a newer one (426)
    const headers = withAppVersion(init.headers as Record<string, string> | undefined, opts.appVersion ?? APP_VERSION)
    res = await doFetch(`${opts.baseUrl ?? ''}${path}`, { ...init, headers, cache: 'no-store', signal: abort.signal })
    text = await res.text()
  } catch (err) {
    return { ok: false, failure: { kind: 'network', message: err instanceof Error ? err.message : String(err) } }
  } finally {
    clearTimeout(timer)
  }
  if (!res.ok) return { ok: false, failure: errorAnswer(res, parseJson(text)) }
  const clock = serverClock(res.headers.get('Date'))
  return { ok: true, value: text, ...(clock ? { clock } : {}) }
}

/** A successful answer that is not the API's JSON, or not of the expected shape. */
export function unexpectedAnswer(): { ok: false; failure: TransportFailure } {
  return { ok: false, failure: { kind: 'bad_response', status: 200, message: 'Unexpected answer' } }
}

/** An error status, told by the body's code when it is the API's JSON. */
function errorAnswer(res: Response, json: unknown): TransportFailure {
  const body = apiErrorSchema.safeParse(json)
  if (!body.success) return { kind: 'bad_response', status: res.status, message: `HTTP ${res.status}` }
  const { error, message, mode, minAppVersion } = body.data
  return {
    kind: 'http' as const,
    status: res.status,
    error,
    message: message ?? error,
    ...(typeof mode === 'string' ? { mode } : {}),
    ...(typeof minAppVersion === 'string' ? { minAppVersion } : {}),
    ...(res.status === 429 || res.status === 503
      ? { retryAfterSeconds: retryAfterSeconds(res.headers.get('Retry-After')) }
      : {}),
  }
}

/** The server's `Date` header beside this phone's clock (Today warns when they are far apart). */
function serverClock(header: string | null): ServerClock | undefined {
  const at = header ? Date.parse(header) : NaN
  return Number.isNaN(at) ? undefined : { serverTime: new Date(at).toISOString(), deviceTime: new Date().toISOString() }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
