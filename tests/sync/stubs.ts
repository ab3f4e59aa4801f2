/**
 * A stubbed transport that behaves like a small server (applies mutations, answers
 * replays `duplicate`, pages pulls), with scripted answers for the failure cases; and
 * manual timers that a test fires by hand.
 */
import type { PulledPage, PushRequest, PushResponse, PushResult } from '@/shared/schemas/sync'
import type { Site } from '@/shared/schemas/site'
import type { Outcome, SyncTransport } from '@/sync/transport'

type PushAnswer = (body: PushRequest) => Outcome<PushResponse> | Promise<Outcome<PushResponse>>

export const SITES: Site[] = [
  { code: 'AGZ-TC', name: 'Agadez', kind: 'transit_centre', adm1: 'Agadez', lat: 16.97, lon: 7.99, active: true },
]

export function stubServer() {
  const pushes: PushRequest[] = []
  const pulls: (string | undefined)[] = []
  const answered = new Map<string, PushResult>()
  const revs = new Map<string, number>()
  /** Scripted answers, used once each, before the default behaviour. */
  const nextPush: PushAnswer[] = []
  const pages: PulledPage[] = []
  let sitesCalls = 0

  /** Applies each mutation (rev + 1) or answers `duplicate` for one it has seen. */
  function apply(
    body: PushRequest,
    status: (m: { recordId: string }) => PushResult['status'] = () => 'applied',
  ): Outcome<PushResponse> {
    const results = (body.mutations ?? []).map((m): PushResult => {
      const seen = answered.get(m.mutationId)
      if (seen) return { ...seen, status: 'duplicate', was: seen.status }
      const result: PushResult = { mutationId: m.mutationId, status: status(m) }
      if (result.status !== 'rejected') {
        result.rev = (revs.get(m.recordId) ?? 0) + 1
        revs.set(m.recordId, result.rev)
      } else result.errors = [{ path: ['nationality'], code: 'invalid', message: 'Unknown country' }]
      answered.set(m.mutationId, result)
      return result
    })
    return { ok: true, value: { batchId: body.batchId, serverTime: new Date().toISOString(), results } }
  }

  const transport: SyncTransport = {
    async push(body) {
      pushes.push(structuredClone(body))
      const scripted = nextPush.shift()
      return scripted ? scripted(body) : apply(body)
    },
    async pull(since) {
      pulls.push(since)
      return { ok: true, value: pages.shift() ?? { changes: [], cursor: since ?? 'c0', more: false } }
    },
    async fetchSites() {
      sitesCalls += 1
      return { ok: true, value: SITES }
    },
    async fetchStaff() {
      return { ok: true, value: [] }
    },
  }
  return { transport, pushes, pulls, nextPush, pages, apply, revs, sitesCalls: () => sitesCalls }
}

export function manualTimers() {
  const timers = new Map<number, { cb: () => void; ms: number }>()
  let id = 0
  return {
    setTimer: (cb: () => void, ms: number) => {
      timers.set(++id, { cb, ms })
      return id
    },
    clearTimer: (handle: unknown) => void timers.delete(handle as number),
    /** Delays of the timers waiting. */
    delays: () => [...timers.values()].map((t) => t.ms),
    /** Fires every waiting timer once. */
    fire: () => {
      const due = [...timers.entries()]
      timers.clear()
      for (const [, t] of due) t.cb()
    },
  }
}
