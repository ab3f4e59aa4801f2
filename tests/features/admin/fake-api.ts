/** A stubbed fetch for the admin screens: answers by "METHOD /path", records every call. */
import { vi } from 'vitest'
import type { User } from '@/shared/schemas/auth'
import type { DeviceSummary } from '@/shared/schemas/devices'

export type Answer = { status: number; body?: unknown } | 'offline'
type Route = Answer | ((body: unknown) => Answer)

export interface Call {
  method: string
  path: string
  body: unknown
  authorization: string | null
}

export function stubApi(routes: Record<string, Route>) {
  const calls: Call[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost')
    const method = init.method ?? 'GET'
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const headers = new Headers(init.headers)
    calls.push({ method, path: url.pathname, body, authorization: headers.get('Authorization') })
    const route = routes[`${method} ${url.pathname}`]
    const answer = typeof route === 'function' ? route(body) : (route ?? { status: 404, body: { error: 'not_found' } })
    if (answer === 'offline') throw new TypeError('Failed to fetch')
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    })
  })
  vi.stubGlobal('fetch', fetch)
  /** The calls other than reads. */
  const writes = () => calls.filter((c) => c.method !== 'GET')
  return { fetch, calls, writes }
}

export const user = (over: Partial<User> = {}): User => ({
  id: 'u-1',
  username: 'amina',
  name: 'Amina Issoufou',
  role: 'registrar',
  sites: ['AGZ-TC'],
  active: true,
  createdAt: '2026-11-01T08:00:00.000Z',
  ...over,
})

export const device = (over: Partial<DeviceSummary> = {}): DeviceSummary => ({
  deviceId: '01890000-0000-7000-8000-0000000000aa',
  user: { id: 'u-1', username: 'amina', name: 'Amina Issoufou', role: 'registrar' },
  firstSeenAt: '2026-11-01T08:00:00.000Z',
  lastPushAt: '2026-11-20T13:03:00.000Z',
  lastPullAt: '2026-11-20T12:00:00.000Z',
  pending: 7,
  lastError: '3 rejected',
  lastErrorAt: '2026-11-19T09:30:00.000Z',
  appVersion: '0.1.0',
  revoked: null,
  ...over,
})
