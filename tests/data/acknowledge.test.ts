/**
 * A push's answers as the phone applies them: it takes the server's rev for a version it
 * holds, and keeps its old rev for a version of the server's it does not hold yet (a
 * push-only answer names one without carrying it), so that the next pull brings it.
 */
import { describe, expect, it } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import { getRecord, saveRecord } from '@/data/records'
import type { PushResult } from '@/shared/schemas/sync'
import { assistance, freshDb } from './fixtures'

async function answered(result: Omit<PushResult, 'mutationId'>) {
  const db = freshDb()
  const help = assistance({ notes: 'Sleeps at the bus station' })
  await saveRecord(db, 'assistance', help)
  const sent = await db.outbox.toArray()
  await applyPushResults(
    db,
    sent,
    sent.map((e) => ({ mutationId: e.mutationId, ...result })),
  )
  return getRecord(db, 'assistance', help.id)
}

describe('applyPushResults', () => {
  it('takes the rev of a version stored as sent', async () => {
    expect(await answered({ status: 'applied', rev: 1 })).toMatchObject({ state: 'sent', syncedRev: 1 })
    expect(await answered({ status: 'duplicate', was: 'applied', rev: 1 })).toMatchObject({ syncedRev: 1 })
  })

  it.each<[string, Omit<PushResult, 'mutationId'>]>([
    ['its text cleaned', { status: 'applied', rev: 1, changed: true }],
    ['its text cleaned (a retry)', { status: 'duplicate', was: 'applied', rev: 1, changed: true }],
    ['a merge', { status: 'merged', rev: 3 }],
    ['another version (a conflict)', { status: 'conflict', rev: 2 }],
  ])(
    'keeps its old rev when the server holds %s without sending it, for the pull to bring it',
    async (_what, result) => {
      const row = await answered(result)
      expect(row).toMatchObject({ syncedRev: 0, data: { notes: 'Sleeps at the bus station' } })
      expect(row?.state).toBe(result.status === 'conflict' ? 'conflict' : 'sent')
    },
  )
})
