/**
 * One call to the server's online-only API (admin, problems, duplicates): the session's
 * token, the app version, a timeout, and an answer parsed with the shared schema it is
 * expected to match. Nothing is queued: every failure becomes an `AdminProblem` that the
 * screens put in words.
 */
import { z } from 'zod'
import { apiErrorSchema, fieldErrorSchema, type FieldError } from '@/shared/schemas/sync'
import { withAppVersion } from './app-version'

export type AdminProblem =
  /** No answer, or not the API's (a captive portal, a service worker's fallback page). */
  | { kind: 'offline' }
  /** 401: the session ended or this device was revoked. */
  | { kind: 'unauthenticated' }
  /** 403: the role may not do this. */
  | { kind: 'forbidden' }
  /** 403 `wrong_password`: changing one's own passphrase, the current one was not right. */
  | { kind: 'wrong_password' }
  /** 400 with the server's field errors, and its error code (a rule's, for a refusal without a field). */
  | { kind: 'invalid'; issues: FieldError[]; error?: string }
  /** 409: `already_exists`, `last_admin`… */
  | { kind: 'conflict'; error: string }
  | { kind: 'not_found' }
  | { kind: 'server'; status: number }

export type AdminResult<T> = { ok: true; value: T } | { ok: false; problem: AdminProblem }

export interface ApiOptions {
  getToken(): string
  /** Default '' (same origin). */
  baseUrl?: string
  fetch?: typeof fetch
  timeoutMs?: number
}

const errorBodySchema = apiErrorSchema.extend({ issues: z.array(fieldErrorSchema).optional() })

/** `call(path, init, schema)`: a JSON body in `init.body` is sent as such. */
export function createApiCall(opts: ApiOptions) {
  return async function call<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<AdminResult<T>> {
    const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 60_000)
    let res: Response
    let text: string
    try {
      res = await doFetch(`${opts.baseUrl ?? ''}${path}`, {
        ...init,
        headers: withAppVersion({
          Authorization: `Bearer ${opts.getToken()}`,
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        }),
        cache: 'no-store',
        signal: abort.signal,
      })
      text = await res.text()
    } catch {
      return { ok: false, problem: { kind: 'offline' } }
    } finally {
      clearTimeout(timer)
    }
    const json = parseJson(text)
    if (res.ok) {
      const parsed = schema.safeParse(json)
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: { kind: 'server', status: 0 } }
    }
    const body = errorBodySchema.safeParse(json)
    // an error page that is not the API's JSON: something between us and the server answered
    if (!body.success)
      return { ok: false, problem: res.status >= 500 ? serverProblem(res.status) : { kind: 'offline' } }
    return { ok: false, problem: problemOf(res.status, body.data.error, body.data.issues ?? []) }
  }
}

/** A POST of `body` as JSON. */
export const postJson = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) })

function problemOf(status: number, error: string, issues: FieldError[]): AdminProblem {
  if (status === 400) return { kind: 'invalid', issues, error }
  if (status === 401) return { kind: 'unauthenticated' }
  if (status === 403) return error === 'wrong_password' ? { kind: 'wrong_password' } : { kind: 'forbidden' }
  if (status === 404) return { kind: 'not_found' }
  if (status === 409) return { kind: 'conflict', error }
  return serverProblem(status)
}

const serverProblem = (status: number): AdminProblem => ({ kind: 'server', status })

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
