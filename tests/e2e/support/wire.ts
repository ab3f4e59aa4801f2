/**
 * Watches the push requests a page sends (POST /api/v1/sync/push) and reads their
 * bodies as the server would: gunzipped when sent with `Content-Encoding: gzip`, packed
 * mutations unpacked.
 */
import { gunzipSync } from 'node:zlib'
import type { Page, Request } from 'playwright-core'
import type { PushRequest } from '@/shared/schemas/sync'
import { readPushBody } from '../../helpers/push-body'

export interface SeenPush {
  /** Which watched page sent it. */
  from: string
  /** `failed`: the request never got an answer (sent while offline, say). */
  outcome: 'waiting' | 'answered' | 'failed'
  gzip: boolean
  /** Bytes of the body on the wire (compressed when gzip). */
  bodyBytes: number
  body: PushRequest
}

export function isPush(request: Request): boolean {
  return request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/sync/push'
}

export function readPush(request: Request, from: string): SeenPush {
  const raw = request.postDataBuffer() ?? Buffer.alloc(0)
  const gzip = request.headers()['content-encoding'] === 'gzip'
  const json = (gzip ? gunzipSync(raw) : raw).toString('utf8')
  return { from, outcome: 'waiting', gzip, bodyBytes: raw.byteLength, body: readPushBody(JSON.parse(json)) }
}

/** Records every push each page sends from now on, and whether it was answered. */
export function watchPushes(pages: Record<string, Page>): SeenPush[] {
  const seen: SeenPush[] = []
  const byRequest = new Map<Request, SeenPush>()
  for (const [name, page] of Object.entries(pages)) {
    page.on('request', (request) => {
      if (!isPush(request)) return
      const push = readPush(request, name)
      byRequest.set(request, push)
      seen.push(push)
    })
    page.on('requestfinished', (request) => {
      const push = byRequest.get(request)
      if (push) push.outcome = 'answered'
    })
    page.on('requestfailed', (request) => {
      const push = byRequest.get(request)
      if (push) push.outcome = 'failed'
    })
  }
  return seen
}

/** How many times each mutationId went over the wire. */
export function sendsPerMutation(pushes: readonly SeenPush[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const push of pushes) {
    for (const m of push.body.mutations ?? []) counts.set(m.mutationId, (counts.get(m.mutationId) ?? 0) + 1)
  }
  return counts
}
