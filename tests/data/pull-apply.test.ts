import { describe, expect, it } from 'vitest'
import { applyPulledChanges, getPullCursor } from '@/data/pull-apply'
import { getRecord, saveRecord } from '@/data/records'
import { applyPushResults } from '@/data/acknowledge'
import type { Change } from '@/shared/schemas/sync'
import { flowCount, namedRegistration } from '../helpers/records'
import { freshDb } from './fixtures'

const change = (data: { id: string } & Record<string, unknown>, rev = 1): Change => ({
  entity: 'registration',
  recordId: data.id,
  rev,
  deleted: false,
  data,
})

describe('applyPulledChanges', () => {
  it('stores changes as sent records and then the cursor', async () => {
    const db = freshDb()
    const data = namedRegistration()
    const tally = flowCount()
    const summary = await applyPulledChanges(
      db,
      [change(data, 2), { entity: 'flowCount', recordId: tally.id, rev: 1, deleted: false, data: tally }],
      'c1',
    )
    expect(summary).toEqual({ stored: 2, deleted: 0, skipped: 0, held: 0 })
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ data, syncedRev: 2, state: 'sent' })
    expect(await getRecord(db, 'flowCount', tally.id)).toMatchObject({ data: tally, syncedRev: 1 })
    expect(await getPullCursor(db)).toBe('c1')
  })

  it('stores the cursor only with the changes: a failed page leaves the old cursor', async () => {
    const db = freshDb()
    await applyPulledChanges(db, [], 'c1')
    const fail = () => {
      throw new Error('disk full')
    }
    db.registrations.hook('creating', fail)
    const data = namedRegistration()
    await expect(applyPulledChanges(db, [change(data)], 'c2')).rejects.toThrow('disk full')
    db.registrations.hook('creating').unsubscribe(fail)
    expect(await getPullCursor(db)).toBe('c1')
  })

  it('does not overwrite a record with pending local changes', async () => {
    const db = freshDb()
    const data = namedRegistration()
    await saveRecord(db, 'registration', data)
    const summary = await applyPulledChanges(db, [change({ ...data, givenName: 'Other' }, 5)], 'c1')
    expect(summary.skipped).toBe(1)
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({
      state: 'pending',
      data: { givenName: data.givenName },
    })
    expect(await getPullCursor(db)).toBe('c1')
  })

  it('does not overwrite a rejected record', async () => {
    const db = freshDb()
    const data = namedRegistration()
    await saveRecord(db, 'registration', data)
    const entries = await db.outbox.toArray()
    await applyPushResults(db, entries, [{ mutationId: entries[0]!.mutationId, status: 'rejected', errors: [] }])
    await applyPulledChanges(db, [change({ ...data, givenName: 'Other' }, 5)], 'c1')
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({
      state: 'rejected',
      data: { givenName: data.givenName },
    })
  })

  it('leaves "in conflict" only when a newer rev comes: a resolution keeping the server’s version is one', async () => {
    const db = freshDb()
    const data = namedRegistration()
    await saveRecord(db, 'registration', data)
    const entries = await db.outbox.toArray()
    const theirs = { ...data, givenName: 'Other' }
    await applyPushResults(db, entries, [
      { mutationId: entries[0]!.mutationId, status: 'conflict', rev: 2, data: theirs },
    ])
    await applyPulledChanges(db, [change(theirs, 2)], 'c1')
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ state: 'conflict', syncedRev: 2 })
    const kept = { ...theirs, updatedAt: new Date().toISOString() }
    await applyPulledChanges(db, [change(kept, 3)], 'c2')
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ state: 'sent', syncedRev: 3, data: kept })
  })

  it('removes a deleted record, and keeps newer revs it already has', async () => {
    const db = freshDb()
    const a = namedRegistration()
    const b = namedRegistration()
    await applyPulledChanges(db, [change(a, 1), change(b, 3)], 'c1')
    await applyPulledChanges(
      db,
      [{ entity: 'registration', recordId: a.id, rev: 2, deleted: true }, change({ ...b, givenName: 'Old' }, 2)],
      'c2',
    )
    expect(await getRecord(db, 'registration', a.id)).toBeUndefined()
    expect(await getRecord(db, 'registration', b.id)).toMatchObject({ syncedRev: 3, data: { givenName: b.givenName } })
  })

  it('holds data that fails the schema instead of dropping it, and moves the cursor on', async () => {
    const db = freshDb()
    const data = namedRegistration()
    const summary = await applyPulledChanges(db, [change({ ...data, nationality: 'XXX' })], 'c1')
    expect(summary.held).toBe(1)
    expect(await getRecord(db, 'registration', data.id)).toBeUndefined()
    expect(await db.heldChanges.get(['registration', data.id])).toMatchObject({ rev: 1, reason: 'invalid' })
    expect(await getPullCursor(db)).toBe('c1')
  })
})
