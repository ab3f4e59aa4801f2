import { beforeEach, describe, expect, it, vi } from 'vitest'
import { currentSession, getDeviceId, markNeedsSignIn, signIn, signOut, SignInError } from '@/session/session'
import { deviceDb } from '@/session/device-db'

const user = { id: 'u-1', username: 'aicha', name: 'Aïchatou', role: 'registrar', sites: ['AGZ-TC'] }
const ok = { token: 'tok-1', expiresAt: '2026-12-29T00:00:00.000Z', user }
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

beforeEach(async () => {
  await Promise.all(deviceDb().tables.map((t) => t.clear()))
})

describe('device id', () => {
  it('is made once and kept', async () => {
    const id = await getDeviceId()
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(await getDeviceId()).toBe(id)
  })
})

describe('signIn', () => {
  it('posts the credentials with the device id and keeps the session for offline use', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => json(200, ok))
    const session = await signIn('aicha', 'secret-password', { fetch, baseUrl: 'https://relais.example' })
    const deviceId = await getDeviceId()
    expect(session).toEqual({ user, token: 'tok-1', expiresAt: ok.expiresAt, deviceId })
    const [url, init] = fetch.mock.calls[0]!
    expect(url).toBe('https://relais.example/api/v1/auth/login')
    expect(JSON.parse(init?.body as string)).toEqual({ username: 'aicha', password: 'secret-password', deviceId })
    // the server may ask an outdated app to update (docs/api.md, Forward compatibility)
    expect(init?.headers).toMatchObject({ 'X-Relais-App-Version': 'dev' })
    expect(await currentSession()).toEqual({ ...session, needsSignIn: false })
  })

  it.each([
    { reason: 'no network', answer: () => Promise.reject(new TypeError('Failed to fetch')), kind: 'offline' },
    { reason: 'a service worker page', answer: async () => new Response('<!doctype html>'), kind: 'offline' },
    { reason: '401', answer: async () => json(401, { error: 'invalid_credentials' }), kind: 'invalid_credentials' },
    {
      reason: 'a phone blocked for this user',
      answer: async () => json(401, { error: 'device_revoked', mode: 'block' }),
      kind: 'device_blocked',
    },
    {
      reason: '426',
      answer: async () => json(426, { error: 'app_update_required', minAppVersion: '2.0.0' }),
      kind: 'update_required',
    },
    { reason: '500', answer: async () => json(500, { error: 'internal' }), kind: 'server' },
    { reason: 'a malformed answer', answer: async () => json(200, { token: 1 }), kind: 'server' },
  ])('fails with $kind on $reason, keeping no session', async ({ answer, kind }) => {
    const error = await signIn('aicha', 'pw', { fetch: answer }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SignInError)
    expect((error as SignInError).kind).toBe(kind)
    expect(await currentSession()).toBeNull()
  })

  it('reports Retry-After when rate limited', async () => {
    const error = await signIn('aicha', 'pw', {
      fetch: async () => json(429, { error: 'rate_limited' }, { 'Retry-After': '900' }),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 900 })
  })
})

describe('session lifecycle', () => {
  it('flags a refused token until the next sign-in, and forgets the session on sign-out', async () => {
    await signIn('aicha', 'pw', { fetch: async () => json(200, ok) })
    await markNeedsSignIn()
    expect(await currentSession()).toMatchObject({ token: 'tok-1', needsSignIn: true })
    await signIn('aicha', 'pw', { fetch: async () => json(200, { ...ok, token: 'tok-2' }) })
    expect(await currentSession()).toMatchObject({ token: 'tok-2', needsSignIn: false })
    const deviceId = await getDeviceId()
    await signOut()
    expect(await currentSession()).toBeNull()
    expect(await getDeviceId()).toBe(deviceId)
  })

  it('restores the last user who signed in on a shared phone', async () => {
    await signIn('aicha', 'pw', { fetch: async () => json(200, ok) })
    await signIn('moussa', 'pw', {
      fetch: async () => json(200, { ...ok, token: 'tok-m', user: { ...user, id: 'u-2', username: 'moussa' } }),
    })
    expect((await currentSession())?.user.id).toBe('u-2')
  })
})
