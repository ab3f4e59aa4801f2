import { describe, expect, it } from 'vitest'
import { discardRefused } from '@/data/attention'
import { saveRecord } from '@/data/records'
import { getSyncStatus } from '@/data/sync-status'
import { newId } from '@/shared/ids'
import { queueAfterAnswer } from '@/shared/queue-report'
import { createSyncEngine } from '@/sync/sync-engine'
import { namedRegistration } from '../helpers/records'
import { freshDb } from '../data/fixtures'
import { manualTimers, stubServer } from './stubs'

const DEVICE = newId()

function setup() {
  const db = freshDb()
  const server = stubServer()
  const timers = manualTimers()
  const engine = createSyncEngine({
    db,
    transport: server.transport,
    deviceId: DEVICE,
    getToken: () => 'token-1',
    appVersion: '0.1.0',
    random: () => 0,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  })
  engine.start()
  const sync = async () => {
    await engine.idle()
    await engine.syncNow('test')
    await engine.idle()
  }
  return { db, server, engine, sync }
}

describe('what waits on the phone, reported with each push', () => {
  it('sends the records needing attention and the oldest waiting change with the batch', async () => {
    const { db, server, engine, sync } = setup()
    await engine.idle()
    server.pushes.length = 0
    const bad = namedRegistration()
    await saveRecord(db, 'registration', bad)
    await saveRecord(db, 'registration', namedRegistration())
    const [first] = await db.outbox.orderBy('seq').toArray()
    server.nextPush.push((body) => server.apply(body, (m) => (m.recordId === bad.id ? 'rejected' : 'applied')))
    await sync()

    expect(server.pushes).toHaveLength(1)
    expect(server.pushes[0]!.queue).toEqual({ pending: 2, attention: 0, oldestUnsentAt: first!.at })
    // what the server now holds: nothing to send, the refused record needing attention
    expect((await getSyncStatus(db)).reportedQueue).toEqual({ pending: 0, attention: 1, oldestUnsentAt: null })

    // the server's figures are still true: nothing is sent
    await sync()
    expect(server.pushes).toHaveLength(1)
  })

  it('tells the server once that nothing waits on a phone that never pushed', async () => {
    const { db, server, sync } = setup()
    await sync()
    // at its first sync with nothing to send: an empty push carrying the queue and the app's version
    expect(server.pushes).toHaveLength(1)
    expect(server.pushes[0]).toMatchObject({
      mutations: [],
      queue: { pending: 0, attention: 0, oldestUnsentAt: null },
      appVersion: '0.1.0',
    })
    expect((await getSyncStatus(db)).reportedQueue).toEqual({ pending: 0, attention: 0, oldestUnsentAt: null })
    await sync()
    expect(server.pushes).toHaveLength(1)
  })

  it('tells the server when attention changed with nothing to send, once', async () => {
    const { db, server, engine, sync } = setup()
    await engine.idle()
    const bad = namedRegistration()
    await saveRecord(db, 'registration', bad)
    server.nextPush.push((body) => server.apply(body, () => 'rejected'))
    await sync()
    const before = server.pushes.length

    // the user discards the refused record: the phone has nothing to send, and no longer anything to fix
    expect(await discardRefused(db, 'registration', bad.id, null)).toBe('removed')
    await sync()
    expect(server.pushes).toHaveLength(before + 1)
    const report = server.pushes.at(-1)!
    expect(report.mutations).toEqual([])
    expect(report.queue).toEqual({ pending: 0, attention: 0, oldestUnsentAt: null })
    expect(report.deviceId).toBe(DEVICE)

    await sync()
    expect(server.pushes).toHaveLength(before + 1)
  })

  it('reports a phone whose only news is a record needing attention', async () => {
    const { db, server, engine, sync } = setup()
    await engine.idle()
    // nothing waits: the phone's first sync said so once (the test above), and says nothing more
    expect(server.pushes.length).toBeLessThanOrEqual(1)
    const record = namedRegistration()
    await saveRecord(db, 'registration', record)
    server.nextPush.push((body) => server.apply(body, () => 'conflict'))
    await sync()
    expect((await getSyncStatus(db)).reportedQueue).toEqual({ pending: 0, attention: 1, oldestUnsentAt: null })
    // the server forgot (another app version reported less): the phone says it again
    const status = await getSyncStatus(db)
    await db.meta.put({
      key: 'syncStatus',
      value: { ...status, reportedQueue: { pending: 0, attention: 0, oldestUnsentAt: null } },
    })
    await sync()
    expect(server.pushes.at(-1)).toMatchObject({
      mutations: [],
      queue: { pending: 0, attention: 1, oldestUnsentAt: null },
    })
  })

  it('keeps the report when the server cannot be reached, and sends it at the next run', async () => {
    const { db, server, engine, sync } = setup()
    await engine.idle()
    await saveRecord(db, 'registration', namedRegistration())
    server.nextPush.push((body) => server.apply(body, () => 'rejected'))
    await sync()
    const rows = await db.registrations.toArray()
    await discardRefused(db, 'registration', rows[0]!.id, null)
    server.nextPush.push(() => ({ ok: false, failure: { kind: 'network', message: 'Failed to fetch' } }))
    await sync()
    expect((await getSyncStatus(db)).lastError).toMatchObject({ code: 'network' })
    expect((await getSyncStatus(db)).reportedQueue?.attention).toBe(1)
    await sync()
    expect((await getSyncStatus(db)).reportedQueue).toEqual({ pending: 0, attention: 0, oldestUnsentAt: null })
  })
})

describe('queueAfterAnswer (the same on the phone and the server)', () => {
  const at = '2026-11-30T08:00:00+01:00'
  it('takes the answered changes off, adds the records they got refused or in conflict, once each', () => {
    const answered = [
      { recordId: 'a', status: 'rejected' as const },
      { recordId: 'a', status: 'rejected' as const },
      { recordId: 'b', status: 'duplicate' as const, was: 'conflict' as const },
      { recordId: 'c', status: 'duplicate' as const, was: 'applied' as const },
      { recordId: 'd', status: 'merged' as const },
    ]
    expect(queueAfterAnswer({ pending: 9, attention: 3, oldestUnsentAt: at }, answered)).toEqual({
      pending: 4,
      attention: 5,
      oldestUnsentAt: '2026-11-30T07:00:00.000Z',
    })
  })

  it('has no oldest change once nothing waits, and no attention figure from an older app', () => {
    expect(
      queueAfterAnswer({ pending: 1, attention: 0, oldestUnsentAt: at }, [{ recordId: 'a', status: 'applied' }]),
    ).toEqual({
      pending: 0,
      attention: 0,
      oldestUnsentAt: null,
    })
    expect(queueAfterAnswer({ pending: 1 }, [])).toEqual({ pending: 1, attention: null, oldestUnsentAt: null })
  })
})
