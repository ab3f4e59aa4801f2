import { describe, expect, it, vi } from 'vitest'
import { createSyncClient } from '@/sync/sync-client'
import { probeServer } from '@/sync/connectivity'
import { retryAfterSeconds } from '@/sync/http'
import { newId } from '@/shared/ids'
import type { Mutation, PushRequest } from '@/shared/schemas/sync'
import { readPushBody } from '../helpers/push-body'
import { namedRegistration } from '../helpers/records'

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

const body: PushRequest = { deviceId: newId(), batchId: newId(), queue: { pending: 1 }, mutations: [] }

describe('sync client', () => {
  it('pushes gzip-compressed JSON with the bearer token and parses the answer', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      json(200, { batchId: body.batchId, serverTime: '2026-11-29T14:03:00.000Z', results: [] }),
    )
    const client = createSyncClient({ fetch, getToken: () => 'tok', gzipMinBytes: 0 })
    const outcome = await client.push(body)
    expect(outcome).toEqual({
      ok: true,
      value: { batchId: body.batchId, serverTime: '2026-11-29T14:03:00.000Z', results: [] },
    })
    const [url, init] = fetch.mock.calls[0]!
    const headers = init?.headers as Record<string, string>
    expect(url).toBe('/api/v1/sync/push')
    expect(headers).toMatchObject({ Authorization: 'Bearer tok', 'Content-Encoding': 'gzip' })
    const stream = new Blob([init?.body as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'))
    expect(JSON.parse(await new Response(stream).text())).toEqual(body)
  })

  it('asks for an answer without the ids it sent, and puts them back by position', async () => {
    const mutations = [newId(), newId()].map((id) => ({
      mutationId: newId(),
      entity: 'survey' as const,
      recordId: id,
      op: 'delete' as const,
      baseRev: 1,
    }))
    const answer = { batchId: body.batchId, serverTime: '2026-11-29T14:03:00.000Z' }
    const minimal = [
      { status: 'applied', rev: 2 },
      { status: 'rejected', errors: [{ path: [], code: 'unavailable' }] },
    ]
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      json(200, { ...answer, results: minimal }),
    )
    const outcome = await createSyncClient({ fetch, getToken: () => 't' }).push({ ...body, mutations })
    expect(fetch.mock.calls[0]![1]?.headers).toMatchObject({ Prefer: 'return=minimal' })
    expect(outcome).toMatchObject({
      ok: true,
      value: { results: minimal.map((r, i) => ({ ...r, mutationId: mutations[i]!.mutationId })) },
    })

    const short = createSyncClient({
      fetch: async () => json(200, { ...answer, results: minimal.slice(1) }),
      getToken: () => 't',
    })
    expect(await short.push({ ...body, mutations })).toMatchObject({ ok: false, failure: { kind: 'bad_response' } })

    // an older server ignores the preference: its ids are taken as they come
    const full = [{ mutationId: mutations[1]!.mutationId, status: 'applied', rev: 2 }]
    const older = createSyncClient({ fetch: async () => json(200, { ...answer, results: full }), getToken: () => 't' })
    expect(await older.push({ ...body, mutations })).toMatchObject({ ok: true, value: { results: full } })
  })

  it('asks a sealed batch’s answer for its ids: the phone cannot read them back from the body', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => json(200, {}))
    const sealed = { kid: 'k1', epk: {}, iv: 'aa', ct: 'bb' }
    await createSyncClient({ fetch, getToken: () => 't' }).push({ ...body, mutations: undefined, sealed })
    expect(fetch.mock.calls[0]![1]?.headers).not.toHaveProperty('Prefer')
  })

  it('packs its mutations, and sends them plain from the first time a server does not know the form', async () => {
    const record = namedRegistration()
    const mutations: Mutation[] = [
      { mutationId: newId(), entity: 'registration', recordId: record.id, op: 'upsert', baseRev: 0, data: record },
    ]
    const sent: Record<string, unknown>[] = []
    const older = async (_url: string | URL | Request, init?: RequestInit) => {
      const pushed = JSON.parse(new TextDecoder().decode(init?.body as Uint8Array)) as Record<string, unknown>
      sent.push(pushed)
      // a server that knows only `mutations` finds none: a broken envelope, nothing applied
      if (pushed.mutations === undefined) return json(400, { error: 'invalid_batch', issues: [] })
      return json(200, {
        batchId: body.batchId,
        serverTime: '2026-11-29T14:03:00.000Z',
        results: [{ status: 'applied', rev: 1 }],
      })
    }
    const client = createSyncClient({ fetch: older, getToken: () => 't', gzipMinBytes: Infinity })
    const first = await client.push({ ...body, mutations })
    expect(first).toMatchObject({ ok: true, value: { results: [{ mutationId: mutations[0]!.mutationId, rev: 1 }] } })
    await client.push({ ...body, mutations })
    expect(sent.map((b) => (b.packed ? 'packed' : 'plain'))).toEqual(['packed', 'plain', 'plain'])
    expect(readPushBody(sent[0]).mutations).toEqual(sent[1]?.mutations)
    expect(sent[1]?.mutations).toEqual(mutations)
  })

  it('sends small bodies uncompressed', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => json(200, {}))
    await createSyncClient({ fetch, getToken: () => 'tok' }).push(body)
    expect(fetch.mock.calls[0]![1]?.headers).not.toHaveProperty('Content-Encoding')
  })

  it('classifies a network error, an API error and a page that is not the API', async () => {
    const fail = createSyncClient({
      fetch: async () => Promise.reject(new TypeError('Failed to fetch')),
      getToken: () => 't',
    })
    expect(await fail.pull(undefined, 500)).toEqual({
      ok: false,
      failure: { kind: 'network', message: 'Failed to fetch' },
    })

    const refused = createSyncClient({
      fetch: async () => json(401, { error: 'device_revoked', mode: 'block' }),
      getToken: () => 't',
    })
    expect(await refused.fetchSites()).toMatchObject({
      ok: false,
      failure: { kind: 'http', status: 401, error: 'device_revoked', mode: 'block' },
    })

    const portal = createSyncClient({
      fetch: async () => new Response('<html>Wi-Fi login</html>', { status: 200 }),
      getToken: () => 't',
    })
    expect(await portal.pull('c1', 10)).toMatchObject({ ok: false, failure: { kind: 'bad_response', status: 200 } })
  })

  it('reads Retry-After on 429', async () => {
    const client = createSyncClient({
      fetch: async () => json(429, { error: 'rate_limited' }, { 'Retry-After': '30' }),
      getToken: () => 't',
    })
    expect(await client.push(body)).toMatchObject({ ok: false, failure: { status: 429, retryAfterSeconds: 30 } })
    expect(retryAfterSeconds('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60)
  })

  it('pulls with the cursor and limit in the query', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request) => json(200, { changes: [], cursor: 'c2', more: false }))
    const client = createSyncClient({ baseUrl: 'https://relais.example', fetch, getToken: () => 't' })
    expect(await client.pull('c1', 200)).toEqual({ ok: true, value: { changes: [], cursor: 'c2', more: false } })
    expect(fetch.mock.calls[0]![0]).toBe('https://relais.example/api/v1/sync/pull?limit=200&since=c1')
  })

  it('gives a pull page as the server sent it, to be read by a worker, and its failures as a pull does', async () => {
    const body = '{"changes":[],"cursor":"c2","more":false}'
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(body))
    const client = createSyncClient({ baseUrl: 'https://relais.example', fetch, getToken: () => 't' })
    expect(await client.pullText!('c1', 200)).toEqual({ ok: true, value: body })
    expect(fetch.mock.calls[0]![0]).toBe('https://relais.example/api/v1/sync/pull?limit=200&since=c1')
    expect(fetch.mock.calls[0]![1]?.headers).toMatchObject({ Authorization: 'Bearer t' })

    const refused = createSyncClient({ fetch: async () => json(401, { error: 'token_expired' }), getToken: () => 't' })
    expect(await refused.pullText!('c1', 10)).toMatchObject({
      ok: false,
      failure: { kind: 'http', status: 401, error: 'token_expired' },
    })
    const offline = createSyncClient({
      fetch: async () => Promise.reject(new TypeError('Failed')),
      getToken: () => 't',
    })
    expect(await offline.pullText!('c1', 10)).toEqual({ ok: false, failure: { kind: 'network', message: 'Failed' } })
  })
})

describe('app version and newer servers', () => {
  it('says its version on every call, and reads a 426 with the minimum version', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      json(426, { error: 'app_update_required', message: 'Update Relais', minAppVersion: '0.3.0' }),
    )
    const client = createSyncClient({ fetch, getToken: () => 't', appVersion: '0.2.1' })
    expect(await client.push(body)).toEqual({
      ok: false,
      failure: {
        kind: 'http',
        status: 426,
        error: 'app_update_required',
        message: 'Update Relais',
        minAppVersion: '0.3.0',
      },
    })
    await client.pull(undefined, 10)
    await client.fetchSites()
    await probeServer({ fetch, appVersion: '0.2.1' })
    for (const [, init] of fetch.mock.calls) {
      expect(init?.headers).toMatchObject({ 'X-Relais-App-Version': '0.2.1' })
    }
    expect(fetch.mock.calls[0]![1]?.headers).toMatchObject({ Authorization: 'Bearer t' })
  })

  it('reads a pull page with an entity and fields it does not know, instead of refusing the page', async () => {
    const page = {
      changes: [
        { entity: 'homeVisit', recordId: 'r1', rev: 2, deleted: false, data: { id: 'r1', anything: [1, { a: 2 }] } },
        { entity: 'registration', recordId: 'r2', rev: 1, deleted: true },
      ],
      cursor: 'c9',
      more: false,
    }
    const client = createSyncClient({ fetch: async () => json(200, page), getToken: () => 't' })
    expect(await client.pull('c1', 10)).toEqual({ ok: true, value: page })
  })
})

describe('probeServer', () => {
  it('trusts only the health body, not a 200 from a service worker', async () => {
    expect(await probeServer({ fetch: async () => json(200, { ok: true }) })).toBe(true)
    expect(await probeServer({ fetch: async () => new Response('<!doctype html>', { status: 200 }) })).toBe(false)
    expect(await probeServer({ fetch: async () => Promise.reject(new TypeError('offline')) })).toBe(false)
  })
})
