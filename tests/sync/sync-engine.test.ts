import { describe, expect, it, vi } from 'vitest'
import { createSyncEngine, type SyncEngineDeps } from '@/sync/sync-engine'
import { saveRecord, getRecord } from '@/data/records'
import { listParked, pendingCount } from '@/data/outbox'
import { getPullCursor } from '@/data/pull-apply'
import { heldCount, sealHeld } from '@/data/held-changes'
import { listSites } from '@/data/sites'
import { getSyncStatus } from '@/data/sync-status'
import { newId } from '@/shared/ids'
import type { Outcome } from '@/sync/transport'
import type { PushResponse } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { freshDb } from '../data/fixtures'
import { manualTimers, SITES, stubServer } from './stubs'

const DEVICE = newId()
const offline = (): Outcome<PushResponse> => ({ ok: false, failure: { kind: 'network', message: 'Failed to fetch' } })
const httpError =
  (status: number, error: string, extra = {}) =>
  (): Outcome<PushResponse> => ({
    ok: false,
    failure: { kind: 'http', status, error, message: error, ...extra },
  })

function setup(overrides: Partial<SyncEngineDeps> = {}) {
  const db = freshDb()
  const server = stubServer()
  const timers = manualTimers()
  let token: string | null = 'token-1'
  const onAuthRequired = vi.fn()
  const onWipeRequested = vi.fn()
  const engine = createSyncEngine({
    db,
    transport: server.transport,
    deviceId: DEVICE,
    getToken: () => token,
    appVersion: '0.1.0',
    random: () => 0,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    onAuthRequired,
    onWipeRequested,
    ...overrides,
  })
  const save = async (data = namedRegistration()) => {
    await saveRecord(db, 'registration', data)
    return data
  }
  const run = async () => {
    engine.start()
    await engine.idle()
  }
  const fire = async () => {
    timers.fire()
    await engine.idle()
  }
  return {
    db,
    server,
    timers,
    engine,
    save,
    run,
    fire,
    onAuthRequired,
    onWipeRequested,
    setToken: (t: string | null) => (token = t),
  }
}

describe('sync engine: push', () => {
  it('pushes the outbox, pulls, refreshes the sites and records the success', async () => {
    const { db, server, save, run, timers } = setup()
    const data = await save()
    await run()
    expect(server.pushes).toHaveLength(1)
    expect(server.pushes[0]).toMatchObject({ deviceId: DEVICE, queue: { pending: 1 }, appVersion: '0.1.0' })
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ state: 'sent', syncedRev: 1 })
    expect(await pendingCount(db)).toBe(0)
    expect(server.pulls).toEqual([undefined])
    expect(await listSites(db)).toEqual(SITES)
    expect(await getSyncStatus(db)).toMatchObject({ online: true, running: false, progress: null, lastError: null })
    expect((await getSyncStatus(db)).lastSuccessAt).not.toBeNull()
    expect(timers.delays()).toEqual([30_000])
  })

  it.each([
    { reason: 'offline', answer: offline, online: false },
    { reason: '503', answer: httpError(503, 'unavailable'), online: true },
    { reason: '408', answer: httpError(408, 'timeout'), online: true },
    { reason: '429', answer: httpError(429, 'rate_limited'), online: true },
  ])('keeps the entry when the upload fails ($reason) and retries the same batch', async ({ answer, online }) => {
    const { db, server, save, run, fire, timers } = setup()
    const data = await save()
    server.nextPush.push(answer)
    await run()
    expect(await pendingCount(db)).toBe(1)
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ state: 'pending' })
    const status = await getSyncStatus(db)
    expect(status).toMatchObject({ online, running: false })
    expect(status.lastError).not.toBeNull()
    expect(status.nextRetryAt).not.toBeNull()
    expect(server.pulls).toEqual([]) // the run stops at the failed push
    expect(timers.delays()).toEqual([1000])

    await fire()
    expect(server.pushes).toHaveLength(2)
    expect(server.pushes[1]!.batchId).toBe(server.pushes[0]!.batchId)
    expect(server.pushes[1]!.mutations).toEqual(server.pushes[0]!.mutations)
    expect(await pendingCount(db)).toBe(0)
  })

  it('backs off 1 s, 2 s, 4 s while failing, then returns to the interval', async () => {
    const { server, save, run, fire, timers } = setup()
    await save()
    server.nextPush.push(offline, offline, offline)
    await run()
    expect(timers.delays()).toEqual([1000])
    await fire()
    expect(timers.delays()).toEqual([2000])
    await fire()
    expect(timers.delays()).toEqual([4000])
    await fire()
    expect(timers.delays()).toEqual([30_000])
  })

  it('counts a duplicate as acknowledged (the first answer was lost)', async () => {
    const { db, server, save, run, fire } = setup()
    const data = await save()
    server.nextPush.push((body) => (server.apply(body), offline()))
    await run()
    await fire()
    expect(server.pushes).toHaveLength(2)
    expect(await pendingCount(db)).toBe(0)
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ state: 'sent', syncedRev: 1 })
  })

  it('resends an unanswered batch unchanged before sending newer saves', async () => {
    const { db, server, save, run, fire } = setup()
    await save()
    server.nextPush.push(offline)
    await run()
    await save()
    await fire()
    expect(server.pushes.map((p) => p.mutations?.length)).toEqual([1, 1, 1])
    // the same batch; only what waits and the clock at the sending (sentAt) are new
    expect(server.pushes[1]).toEqual({
      ...server.pushes[0],
      queue: { ...server.pushes[0]!.queue, pending: 2 },
      sentAt: server.pushes[1]!.sentAt,
    })
    expect(server.pushes[2]!.batchId).not.toBe(server.pushes[0]!.batchId)
    expect(await pendingCount(db)).toBe(0)
  })

  it('sends sequential batches within the limits and reports progress', async () => {
    const progress: unknown[] = []
    const { db, server, save, run } = setup({ limits: { maxMutations: 2, maxBytes: 2 * 1024 * 1024 } })
    for (let i = 0; i < 5; i++) await save()
    const push = server.transport.push
    server.transport.push = async (body) => {
      progress.push((await getSyncStatus(db)).progress)
      return push(body)
    }
    await run()
    expect(server.pushes.map((p) => [p.mutations?.length, p.queue?.pending])).toEqual([
      [2, 5],
      [2, 3],
      [1, 1],
    ])
    expect(new Set(server.pushes.map((p) => p.batchId)).size).toBe(3)
    expect(progress).toEqual([
      { sent: 0, total: 5 },
      { sent: 2, total: 5 },
      { sent: 4, total: 5 },
    ])
  })

  it('pauses on 401 without touching the queue, until a new token', async () => {
    const { db, server, save, run, onAuthRequired, setToken, engine, timers } = setup()
    await save()
    server.nextPush.push(httpError(401, 'token_expired'))
    await run()
    const queued = await db.outbox.toArray()
    expect(queued).toHaveLength(1)
    expect(await getSyncStatus(db)).toMatchObject({ needsSignIn: true, nextRetryAt: null })
    expect(onAuthRequired).toHaveBeenCalledTimes(1)
    expect(timers.delays()).toEqual([30_000]) // a local tick only: it sends nothing with the refused token

    await engine.syncNow('online')
    expect(server.pushes).toHaveLength(1)
    setToken('token-2')
    await engine.syncNow('signed-in')
    expect(server.pushes).toHaveLength(2)
    expect(server.pushes[1]!.batchId).toBe(server.pushes[0]!.batchId)
    expect(await getSyncStatus(db)).toMatchObject({ needsSignIn: false })
    expect(await pendingCount(db)).toBe(0)
  })

  it('splits a batch in two on 413 and sends the halves', async () => {
    const { db, server, save, run } = setup()
    for (let i = 0; i < 4; i++) await save()
    server.nextPush.push(httpError(413, 'batch_too_large', { maxMutations: 2 }))
    await run()
    expect(server.pushes.map((p) => p.mutations?.length)).toEqual([4, 2, 2])
    const [whole, first, second] = server.pushes
    expect([...first!.mutations!, ...second!.mutations!]).toEqual(whole!.mutations)
    expect(new Set([whole!.batchId, first!.batchId, second!.batchId]).size).toBe(3)
    expect(await pendingCount(db)).toBe(0)
  })

  it('parks a record too large to send even alone', async () => {
    const { db, server, save, run } = setup()
    const data = await save()
    server.nextPush.push(httpError(413, 'batch_too_large'))
    await run()
    expect(await listParked(db)).toMatchObject([{ errors: [{ code: 'batch_too_large' }] }])
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ state: 'rejected' })
  })

  it('parks a rejected mutation with its errors and never resends it unchanged', async () => {
    const { db, server, save, run, engine } = setup()
    const bad = await save()
    const good = await save()
    server.nextPush.push((body) => server.apply(body, (m) => (m.recordId === bad.id ? 'rejected' : 'applied')))
    await run()
    expect(await getRecord(db, 'registration', bad.id)).toMatchObject({
      state: 'rejected',
      errors: [{ path: ['nationality'] }],
    })
    expect(await getRecord(db, 'registration', good.id)).toMatchObject({ state: 'sent' })
    expect(await pendingCount(db)).toBe(0)
    await engine.syncNow()
    expect(server.pushes).toHaveLength(1)
  })

  it('stops the run on 400 invalid_batch and keeps the entries', async () => {
    const { db, server, save, run } = setup()
    await save()
    server.nextPush.push(httpError(400, 'invalid_batch'))
    await run()
    expect(await pendingCount(db)).toBe(1)
    expect((await getSyncStatus(db)).lastError).toMatchObject({ code: 'invalid_batch' })
    expect(server.pulls).toEqual([])
  })

  it('keeps an edit made while its batch was in flight, and sends it next', async () => {
    const { db, server, save, run } = setup()
    const data = await save()
    server.nextPush.push(async (body) => {
      await save({ ...data, givenName: 'Aïcha' }) // the user saves again before the answer
      return server.apply(body)
    })
    const seenBySecondPush: unknown[] = []
    server.nextPush.push(async (body) => {
      seenBySecondPush.push(await getRecord(db, 'registration', data.id))
      return server.apply(body)
    })
    // the pull brings back the first version: older than what the device now has
    server.pages.push({
      changes: [{ entity: 'registration', recordId: data.id, rev: 1, deleted: false, data }],
      cursor: 'c1',
      more: false,
    })
    await run()
    expect(seenBySecondPush).toMatchObject([{ state: 'pending', syncedRev: 0, data: { givenName: 'Aïcha' } }])
    expect(server.pushes[1]!.mutations).toMatchObject([{ baseRev: 0, data: { givenName: 'Aïcha' } }])
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({
      state: 'sent',
      syncedRev: 2,
      data: { givenName: 'Aïcha' },
    })
  })
})

describe('sync engine: pull', () => {
  it('follows the pages while `more`, storing each cursor after its changes', async () => {
    const { db, server, run } = setup()
    const records = [namedRegistration(), namedRegistration(), namedRegistration()]
    records.forEach((data, i) =>
      server.pages.push({
        changes: [{ entity: 'registration', recordId: data.id, rev: 1, deleted: false, data }],
        cursor: `c${i + 1}`,
        more: i < 2,
      }),
    )
    await run()
    expect(server.pulls).toEqual([undefined, 'c1', 'c2'])
    expect(await getPullCursor(db)).toBe('c3')
    for (const data of records)
      expect(await getRecord(db, 'registration', data.id)).toMatchObject({ data, state: 'sent' })
  })

  it('starts again from the beginning when the server no longer knows the cursor', async () => {
    const { db, server, run, engine } = setup()
    const data = namedRegistration()
    server.pages.push({ changes: [], cursor: 'c9', more: false })
    await run()
    expect(await getPullCursor(db)).toBe('c9')
    // the server was restored from a backup: c9 is past its newest change
    const pull = server.transport.pull.bind(server.transport)
    server.transport.pull = async (since, limit) =>
      since === 'c9'
        ? { ok: false, failure: { kind: 'http', status: 400, error: 'invalid_cursor', message: 'Start again' } }
        : pull(since, limit)
    server.pages.push({
      changes: [{ entity: 'registration', recordId: data.id, rev: 1, deleted: false, data }],
      cursor: 'c1',
      more: false,
    })
    await engine.syncNow()
    await engine.idle()
    expect(server.pulls).toEqual([undefined, undefined]) // the refused 'c9' never reached the stub
    expect(await getPullCursor(db)).toBe('c1')
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ data, state: 'sent' })
  })

  it('reads the pages from the server’s text when the transport gives it, and keeps nothing of a text that is no page', async () => {
    const { db, server, run, engine } = setup()
    const records = [namedRegistration(), namedRegistration()]
    records.forEach((data, i) =>
      server.pages.push({
        changes: [{ entity: 'registration', recordId: data.id, rev: 1, deleted: false, data }],
        cursor: `c${i + 1}`,
        more: i === 0,
      }),
    )
    const pull = server.transport.pull.bind(server.transport)
    let portal = false
    server.transport.pullText = async (since, limit) => {
      if (portal) return { ok: true, value: '<html>Wi-Fi login</html>' }
      const page = await pull(since, limit)
      return page.ok ? { ok: true, value: JSON.stringify(page.value) } : page
    }
    server.transport.pull = () => Promise.reject(new Error('the text is read instead'))
    await run()
    expect(server.pulls).toEqual([undefined, 'c1'])
    expect(await getPullCursor(db)).toBe('c2')
    for (const data of records)
      expect(await getRecord(db, 'registration', data.id)).toMatchObject({ data, state: 'sent' })
    expect((await getSyncStatus(db)).lastError).toBeNull()

    portal = true
    await engine.syncNow()
    await engine.idle()
    expect((await getSyncStatus(db)).lastError).toMatchObject({ code: 'bad_response' })
    expect(await getPullCursor(db)).toBe('c2')
  })

  it('does not overwrite a rejected local record', async () => {
    const { db, server, save, run } = setup()
    const data = await save()
    server.nextPush.push((body) => server.apply(body, () => 'rejected'))
    server.pages.push({
      changes: [
        { entity: 'registration', recordId: data.id, rev: 3, deleted: false, data: { ...data, givenName: 'X' } },
      ],
      cursor: 'c1',
      more: false,
    })
    await run()
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({
      state: 'rejected',
      data: { givenName: data.givenName },
    })
    expect(await getPullCursor(db)).toBe('c1')
  })
})

describe('sync engine: scheduling', () => {
  it('folds calls made during a run into one follow-up run', async () => {
    const { server, save, engine } = setup()
    await save()
    await Promise.all([engine.syncNow(), engine.syncNow(), engine.syncNow(), engine.syncNow()])
    expect(server.pushes).toHaveLength(1)
    expect(server.pulls).toHaveLength(2)
  })

  it('does nothing without a token', async () => {
    const { server, save, engine, setToken } = setup()
    setToken(null)
    await save()
    await engine.syncNow()
    expect(server.pushes).toHaveLength(0)
  })

  it('runs on start, when online and when visible; stop removes every trigger', async () => {
    const listeners: Record<string, () => void> = {}
    const off = vi.fn()
    const events = {
      onOnline: (cb: () => void) => ((listeners.online = cb), off),
      onVisible: (cb: () => void) => ((listeners.visible = cb), off),
    }
    const { server, engine, timers } = setup({ events })
    engine.start()
    await engine.idle()
    listeners.online!()
    await engine.idle()
    listeners.visible!()
    await engine.idle()
    expect(server.pulls).toHaveLength(3)
    engine.stop()
    expect(off).toHaveBeenCalledTimes(2)
    expect(timers.delays()).toEqual([])
  })

  it('lets only the tab holding the lock sync', async () => {
    const request = vi.fn(
      async (_name: string, _opts: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<unknown>) => cb(null),
    )
    const { db, server, save, engine } = setup({ locks: { request: request as never } })
    await save()
    await engine.syncNow()
    expect(request).toHaveBeenCalledWith(`relais-sync-${db.userId}`, { ifAvailable: true }, expect.any(Function))
    expect(server.pushes).toHaveLength(0)
  })

  it('probes the server first after a network failure', async () => {
    const probe = vi.fn(async () => false)
    const { server, save, run, timers } = setup({ probe })
    await save()
    await run()
    expect(probe).toHaveBeenCalledTimes(1)
    expect(server.pushes).toHaveLength(0)
    expect(timers.delays()).toEqual([1000])
  })
})

describe('sync engine: revoked device', () => {
  it('asks for the wipe once the outbox is done when the server says `wipe`', async () => {
    const { save, server, run, onWipeRequested } = setup()
    await save()
    server.nextPush.push((body) => {
      const answer = server.apply(body)
      return answer.ok ? { ok: true, value: { ...answer.value, wipe: true } } : answer
    })
    await run()
    expect(onWipeRequested).toHaveBeenCalledTimes(1)
  })

  it('asks for the wipe at once when the device is blocked', async () => {
    const { db, save, server, run, onWipeRequested, timers } = setup()
    await save()
    server.nextPush.push(httpError(401, 'device_revoked', { mode: 'block' }))
    await run()
    expect(onWipeRequested).toHaveBeenCalledTimes(1)
    expect(await pendingCount(db)).toBe(1)
    expect(timers.delays()).toEqual([])
  })
})

describe('sync engine: a newer server', () => {
  const updateRequired = httpError(426, 'app_update_required', { minAppVersion: '0.2.0' })

  it('on 426 app_update_required keeps every entry, records it, and stops trying until the app reloads', async () => {
    const { db, server, save, run, fire, engine, timers } = setup()
    await save()
    await save()
    server.nextPush.push(updateRequired)
    await run()
    expect(server.pushes).toHaveLength(1)
    expect(await pendingCount(db)).toBe(2)
    expect(timers.delays()).toEqual([]) // no retry, no interval tick
    expect(await getSyncStatus(db)).toMatchObject({
      running: false,
      nextRetryAt: null,
      lastError: { code: 'app_update_required' },
      updateRequired: { appVersion: '0.1.0', minAppVersion: '0.2.0' },
    })
    // the triggers and "Sync now" do not ask again with the same version
    await engine.syncNow('manual')
    await fire()
    expect(server.pushes).toHaveLength(1)
    expect(server.pulls).toHaveLength(0)
  })

  it('tries again once reloaded with a newer version, and clears the notice when served', async () => {
    const first = setup()
    await first.save()
    first.server.nextPush.push(updateRequired)
    await first.run()
    first.engine.stop()
    // the reload after the update: a new engine on the same database, a newer version
    const updated = createSyncEngine({
      db: first.db,
      transport: first.server.transport,
      deviceId: DEVICE,
      getToken: () => 'token-1',
      appVersion: '0.2.0',
      setTimer: first.timers.setTimer,
      clearTimer: first.timers.clearTimer,
    })
    await updated.syncNow()
    expect(first.server.pushes).toHaveLength(2)
    expect(first.server.pushes[1]).toMatchObject({ appVersion: '0.2.0' })
    expect(await pendingCount(first.db)).toBe(0)
    expect(await getSyncStatus(first.db)).toMatchObject({ updateRequired: null, lastError: null })
  })

  it('moves the cursor past a change of an entity it does not know, and holds it', async () => {
    const { db, server, run } = setup()
    const person = namedRegistration()
    const visit = { id: newId(), note: 'x' }
    server.pages.push({
      changes: [
        { entity: 'homeVisit', recordId: visit.id, rev: 1, deleted: false, data: visit },
        { entity: 'registration', recordId: person.id, rev: 1, deleted: false, data: person },
      ],
      cursor: 'c1',
      more: false,
    })
    await run()
    expect(await getPullCursor(db)).toBe('c1')
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ state: 'sent' })
    expect(await heldCount(db)).toBe(1)
    expect(await getSyncStatus(db)).toMatchObject({ lastError: null })
  })

  it('retries the held changes at unlock, not while locked', async () => {
    let locked = true
    const { db, server, engine } = setup({ isLocked: () => locked })
    const person = namedRegistration()
    // held by an older version of the app, readable by this one
    await db.heldChanges.put(
      await sealHeld(db, { entity: 'registration', recordId: person.id, rev: 2, data: person }, 'invalid'),
    )
    await engine.syncNow('locked')
    expect(await getRecord(db, 'registration', person.id)).toBeUndefined()
    locked = false
    await engine.syncNow('unlocked')
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ syncedRev: 2, state: 'sent' })
    expect(await heldCount(db)).toBe(0)
    expect(server.pulls.length).toBeGreaterThan(0)
  })
})
