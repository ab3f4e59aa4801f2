/** Each push says the phone's clock as it is sent (sentAt): the server judges a tally's day by it (clock-behind.ts). */
import { describe, expect, it, vi } from 'vitest'
import { saveRecord } from '@/data/records'
import { newId } from '@/shared/ids'
import { createSyncEngine } from '@/sync/sync-engine'
import { flowCount } from '../helpers/records'
import { freshDb } from '../data/fixtures'
import { manualTimers, stubServer } from './stubs'

describe('the clock a push says', () => {
  it('is the phone’s clock at the sending, not at the save', async () => {
    const db = freshDb()
    const server = stubServer()
    const timers = manualTimers()
    const engine = createSyncEngine({
      db,
      transport: server.transport,
      deviceId: newId(),
      getToken: () => 'token-1',
      appVersion: '0.1.0',
      random: () => 0,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
    })
    engine.start()
    await engine.idle()
    server.pushes.length = 0
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T09:00:00.000Z') })
    try {
      await saveRecord(db, 'flowCount', flowCount())
      // sent two days later, when a link came
      vi.setSystemTime(new Date('2026-12-03T09:00:00.000Z'))
      await engine.syncNow('test')
      await engine.idle()
    } finally {
      vi.useRealTimers()
    }
    expect(server.pushes).toHaveLength(1)
    expect(server.pushes[0]).toMatchObject({ sentAt: '2026-12-03T09:00:00.000Z' })
  })
})
