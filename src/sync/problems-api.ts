/**
 * The Problems API over fetch: refused records, quarantined records and conflicts for
 * supervisors, per-field resolution, and a phone discarding its own refused change.
 * Online only: nothing is queued. Answers are parsed with the shared schemas, and every
 * failure becomes an `AdminProblem` the screens put in words.
 */
import { z } from 'zod'
import {
  conflictSchema,
  resolveConflictResponseSchema,
  type FieldChoices,
  type ResolveConflictRequest,
} from '@/shared/schemas/conflicts'
import type { Entity } from '@/shared/schemas/entities'
import { quarantineListSchema } from '@/shared/schemas/quarantine'
import { discardRejectionAnswerSchema, rejectionListSchema } from '@/shared/schemas/rejections'
import { apiErrorSchema, fieldErrorSchema, type FieldError } from '@/shared/schemas/sync'
import type { AdminProblem, AdminResult } from './admin-api'
import { withAppVersion } from './app-version'

export interface ProblemsApiOptions {
  getToken(): string
  /** Default '' (same origin). */
  baseUrl?: string
  fetch?: typeof fetch
}

const errorBodySchema = apiErrorSchema.extend({ issues: z.array(fieldErrorSchema).optional() })

export function createProblemsApi(opts: ProblemsApiOptions) {
  async function call<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<AdminResult<T>> {
    const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), 60_000)
    let res: Response
    let json: unknown
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
      json = parseJson(await res.text())
    } catch {
      return { ok: false, problem: { kind: 'offline' } }
    } finally {
      clearTimeout(timer)
    }
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
  const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) })

  return {
    listConflicts: () => call('/api/v1/conflicts?status=open', {}, z.array(conflictSchema)),
    listRejections: () => call('/api/v1/rejections', {}, rejectionListSchema),
    listQuarantine: () => call('/api/v1/quarantine', {}, quarantineListSchema),
    /** Keeps, for each field that differs, the side chosen: a new version every phone pulls. */
    resolveByField: (id: string, fields: FieldChoices) =>
      call(
        `/api/v1/conflicts/${encodeURIComponent(id)}/resolve`,
        post({ choice: 'merged', fields } satisfies ResolveConflictRequest),
        resolveConflictResponseSchema,
      ),
    /** Keeps the server's version, or applies the phone's whole (a deletion cannot be chosen field by field). */
    resolveWhole: (id: string, choice: 'server' | 'incoming') =>
      call(
        `/api/v1/conflicts/${encodeURIComponent(id)}/resolve`,
        post({ choice } satisfies ResolveConflictRequest),
        resolveConflictResponseSchema,
      ),
    /** The author drops their refused change; the answer carries the server's version to return to. */
    discardRejection: (entity: Entity, recordId: string) =>
      call('/api/v1/rejections/discard', post({ entity, recordId }), discardRejectionAnswerSchema),
  }
}

export type ProblemsApi = ReturnType<typeof createProblemsApi>

function problemOf(status: number, error: string, issues: FieldError[]): AdminProblem {
  if (status === 400) return { kind: 'invalid', issues }
  if (status === 401) return { kind: 'unauthenticated' }
  if (status === 403) return { kind: 'forbidden' }
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
