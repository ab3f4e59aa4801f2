/** Push and pull as a device would (sync-protocol.md), for the server tests. */
import { randomUUID } from 'node:crypto'
import type { Mutation, PullResponse, PushResponse } from '@/shared/schemas/sync'
import { call, type Answer, type CallOptions, type Endpoint, type Session } from './test-server'

export { remove, upsert } from '../../helpers/mutations'

export function batch(session: Session, mutations: Mutation[], extra: Record<string, unknown> = {}) {
  return { deviceId: session.deviceId, batchId: randomUUID(), queue: { pending: 0 }, mutations, ...extra }
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
