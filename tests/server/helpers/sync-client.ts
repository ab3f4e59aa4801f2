/** Push and pull as a device would (sync-protocol.md), for the server tests. */
import { randomUUID } from 'node:crypto'
import { authorField } from '@/shared/record-authors'
import type { Mutation, PullResponse, PushResponse } from '@/shared/schemas/sync'
import { call, type Answer, type CallOptions, type Endpoint, type Session } from './test-server'

export { remove, upsert } from '../../helpers/mutations'

/** The author the shared fixtures name (`registeredBy`, `providedBy`, `by`): a phone writes its user's id. */
export const FIXTURE_AUTHOR = 'user-1'
const authors = new Map<string, string>()

/**
 * The mutations as the app writes them: a record first pushed here names the session's
 * user where the fixture says FIXTURE_AUTHOR, and keeps that author on every later push
 * (the server refuses a new record in another's name and a changed author: not_the_author).
 */
export function asAuthored(session: Session, mutations: readonly Mutation[]): Mutation[] {
  return mutations.map((mutation) => {
    const field = authorField(mutation.entity)
    // hostile tests send data of every kind (null, a string, an array): only a fixture's object is authored
    const data: unknown = mutation.data
    if (field === undefined || typeof data !== 'object' || data === null) return mutation
    if ((data as Record<string, unknown>)[field] !== FIXTURE_AUTHOR) return mutation
    const author = authors.get(mutation.recordId) ?? session.user.id
    authors.set(mutation.recordId, author)
    return { ...mutation, data: { ...data, [field]: author } }
  })
}

export function batch(session: Session, mutations: Mutation[], extra: Record<string, unknown> = {}) {
  return {
    deviceId: session.deviceId,
    batchId: randomUUID(),
    queue: { pending: 0 },
    mutations: asAuthored(session, mutations),
    ...extra,
  }
}

type PushAnswer = Answer<PushResponse & { error?: string }>

export function push(
  server: Endpoint,
  session: Session,
  body: unknown,
  options: CallOptions = {},
): Promise<PushAnswer> {
  return call<PushResponse & { error?: string }>(server, '/api/v1/sync/push', {
    token: session.token,
    body,
    ...options,
  })
}

/** Pushes mutations in one batch and expects a 200. */
export async function pushOk(server: Endpoint, session: Session, mutations: Mutation[]): Promise<PushResponse> {
  const answer = await push(server, session, batch(session, mutations))
  if (answer.status !== 200) throw new Error(`push: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

export function pull(
  server: Endpoint,
  session: Session,
  query: Record<string, string> = {},
): Promise<Answer<PullResponse>> {
  const search = new URLSearchParams(query).toString()
  return call<PullResponse>(server, `/api/v1/sync/pull${search ? `?${search}` : ''}`, { token: session.token })
}

/** Follows the cursor to the end; returns every change and the pages it took. */
export async function pullAll(server: Endpoint, session: Session, limit = 500, since?: string) {
  const changes: PullResponse['changes'] = []
  let cursor = since
  for (let pages = 1; ; pages++) {
    const answer = await pull(server, session, { limit: String(limit), ...(cursor ? { since: cursor } : {}) })
    if (answer.status !== 200) throw new Error(`pull: ${answer.status} ${JSON.stringify(answer.body)}`)
    changes.push(...answer.body.changes)
    cursor = answer.body.cursor
    if (!answer.body.more) return { changes, cursor, pages }
  }
}
