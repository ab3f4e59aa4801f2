/**
 * The week Today reads (flow-week.ts) on a protected database: each row is decrypted once
 * while unlocked, yet a corrected tally reads corrected, a sync's new state shows, a lock
 * stops every read, and a ciphertext moved onto another row is still refused.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RelaisDb } from '@/data/db'
import { readFlowDays, unsentTallies } from '@/data/flow-week'
import { LockedError } from '@/data/protect'
import { applyPulledChanges } from '@/data/pull-apply'
import { saveRecord } from '@/data/records'
import { RecordDecryptError } from '@/shared/crypto/errors'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { flowCount } from '../helpers/records'
import { lockableDb } from './fixtures'

const DAY = '2026-11-29' // the helper's tallies are observed that day at the site

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const week = (db: RelaisDb) => readFlowDays(db, 'SEG-FMP', DAY, DAY)

afterEach(() => vi.restoreAllMocks())

describe("Today's week on a protected phone", () => {
  it('reads a tally corrected since the last read as corrected, and its state after a sync', async () => {
    const { db } = lockableDb(keys)
    const tally = flowCount({ direction: 'outgoing' })
    await saveRecord(db, 'flowCount', tally)
    expect((await week(db)).tallies.map((r) => [r.data.direction, r.state])).toEqual([['outgoing', 'pending']])

    await saveRecord(db, 'flowCount', { ...tally, direction: 'incoming' })
    expect((await week(db)).tallies.map((r) => [r.data.direction, r.state])).toEqual([['incoming', 'pending']])

    // the server acknowledged it: the row's state changes, its ciphertext does not
    await db.flowCounts.update(tally.id, { state: 'sent', syncedRev: 1 })
    const read = (await week(db)).tallies
    expect(read.map((r) => [r.data.direction, r.state, r.syncedRev])).toEqual([['incoming', 'sent', 1]])
    expect(read[0]?.data).toMatchObject({ id: tally.id, men: tally.men, total: tally.total })
  })

  it('reads nothing while locked, even rows it read before', async () => {
    const { db, setLocked } = lockableDb(keys)
    await saveRecord(db, 'flowCount', flowCount())
    expect((await week(db)).tallies).toHaveLength(1)
    setLocked(true)
    await expect(week(db)).rejects.toBeInstanceOf(LockedError)
    setLocked(false)
    expect((await week(db)).tallies).toHaveLength(1)
  })

  it("refuses a tally's ciphertext copied onto another tally's row, after both were read", async () => {
    const { db } = lockableDb(keys)
    const a = flowCount({ men: 12 })
    const b = flowCount({ direction: 'incoming' })
    await saveRecord(db, 'flowCount', a)
    await saveRecord(db, 'flowCount', b)
    expect((await week(db)).tallies).toHaveLength(2)
    const rowA = await db.flowCounts.get(a.id)
    await db.flowCounts.update(b.id, { enc: rowA?.enc })
    await expect(week(db)).rejects.toBeInstanceOf(RecordDecryptError)
  })

  it('opens the tallies this phone sealed (saved or pulled) without decrypting them, and one changed elsewhere again', async () => {
    const { db } = lockableDb(keys)
    const saved = flowCount({ direction: 'outgoing' })
    const pulled = flowCount({ direction: 'incoming' })
    await saveRecord(db, 'flowCount', saved)
    await applyPulledChanges(
      db,
      [{ entity: 'flowCount', recordId: pulled.id, rev: 1, deleted: false, data: pulled }],
      'c1',
    )
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt')
    const read = (await week(db)).tallies
    expect(read.map((r) => r.data.direction).sort()).toEqual(['incoming', 'outgoing'])
    expect(read.find((r) => r.id === saved.id)?.data).toMatchObject({ men: saved.men, total: saved.total })
    expect(decrypt).not.toHaveBeenCalled()

    // a ciphertext this tab did not make (another tab's save, here the one before) is opened from the row
    const before = await db.flowCounts.get(saved.id)
    await saveRecord(db, 'flowCount', { ...saved, direction: 'incoming' })
    const now = await db.flowCounts.get(saved.id)
    await db.flowCounts.put({ ...(now as NonNullable<typeof now>), enc: before?.enc })
    decrypt.mockClear()
    const again = (await week(db)).tallies.find((r) => r.id === saved.id)
    expect(again?.data.direction).toBe('outgoing')
    expect(decrypt).toHaveBeenCalledTimes(1)
  })
})

describe('What an FMP has not yet sent', () => {
  it('counts its pending tallies, looking up by the point only those not known to be there', async () => {
    const { db } = lockableDb(keys)
    const known = flowCount()
    const older = flowCount({ observedAt: '2026-11-01T09:30:00.000+01:00' }) // before the week Today reads
    const elsewhere = flowCount({ siteCode: 'ARL-FMP' })
    const sent = flowCount()
    for (const tally of [known, older, elsewhere, sent]) await saveRecord(db, 'flowCount', tally)
    await db.flowCounts.update(sent.id, { state: 'sent', syncedRev: 1 })
    const pending = [known.id, older.id, elsewhere.id]
    expect(await unsentTallies(db, 'SEG-FMP')).toBe(2)
    const lookups = vi.spyOn(db.flowCounts, 'where')
    expect(await unsentTallies(db, 'SEG-FMP', { pending, atSite: new Set([known.id, sent.id]) })).toBe(2)
    expect(lookups).toHaveBeenCalledTimes(1) // the point's keys, for the two not known
    lookups.mockClear()
    // every pending one known to be at the point: nothing is looked up
    expect(await unsentTallies(db, 'SEG-FMP', { pending: [known.id], atSite: new Set([known.id]) })).toBe(1)
    expect(lookups).not.toHaveBeenCalled()
  })
})
