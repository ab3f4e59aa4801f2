/**
 * Today's figures kept per day (flow-days.ts, flow-day-marks.ts) on a protected database:
 * after saves, corrections (one moving a tally to another day), deletions, pulls and an
 * erase, sealed again or not yet, they equal the figures worked out afresh from every
 * tally; and nothing of them is stored in clear.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { eraseReadableData, type RelaisDb } from '@/data/db'
import { deleteRecord } from '@/data/delete-record'
import { keepFlowDays, readFlowDigests, type DayRows } from '@/data/flow-days'
import { readFlowDays } from '@/data/flow-week'
import { LockedError } from '@/data/protect'
import { applyPulledChanges } from '@/data/pull-apply'
import { addRecord, saveRecord } from '@/data/records'
import { weekFigures, weekFiguresOfRows, daysEnding } from '@/features/today/week-figures'
import { decryptJson, encryptJson, type Sealed } from '@/shared/crypto/record-cipher'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { withUnknownRemainder, type FlowCount } from '@/shared/schemas/flow-count'
import { flowCount } from '../helpers/records'
import { lockableDb } from './fixtures'

const SITE = 'SEG-FMP'
const LAST = '2026-11-29'
const DAYS = daysEnding(LAST, 7)

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const unknownOnly = (total: number) => withUnknownRemainder([], total)
const at = (day: string, time = '09:30') => `${day}T${time}:00.000+01:00`

/** The week's figures from the days kept, and afresh from every tally of the week. */
async function bothWays(db: RelaisDb) {
  const digests = await readFlowDigests(db, SITE, DAYS[0] as string, LAST)
  const rows: DayRows = { dayRows: [], nationalityRows: [], transportRows: [] }
  for (const d of digests.values()) {
    rows.dayRows.push(...d.dayRows)
    rows.nationalityRows.push(...d.nationalityRows)
    rows.transportRows.push(...d.transportRows)
  }
  const fresh = await readFlowDays(db, SITE, DAYS[0] as string, LAST)
  return {
    kept: weekFiguresOfRows(rows, [], DAYS),
    afresh: weekFigures(
      fresh.tallies.map((r) => r.data),
      [],
      DAYS,
    ),
    talliesKept: [...digests.values()].flatMap((d) => d.tallies.map((t) => t.id)).sort(),
    tallies: fresh.tallies.map((r) => r.id).sort(),
  }
}

async function expectSame(db: RelaisDb) {
  const { kept, afresh, talliesKept, tallies } = await bothWays(db)
  expect(kept).toEqual(afresh)
  expect(talliesKept).toEqual(tallies)
  return kept
}

const pulled = (tally: FlowCount, rev: number) => ({
  entity: 'flowCount' as const,
  recordId: tally.id,
  rev,
  deleted: false,
  data: tally,
})

describe("Today's figures kept per day", () => {
  it('equal the figures worked out afresh after adds, saves, corrections, deletions and pulls, sealed or not', async () => {
    const { db } = lockableDb(keys)
    const a = flowCount({ observedAt: at(LAST), direction: 'outgoing', transport: 'truck' })
    const b = flowCount({ observedAt: at('2026-11-27'), direction: 'incoming', transport: 'bus' })
    const c = flowCount({ observedAt: at(LAST, '23:50'), direction: 'incoming' })
    // new tallies are added (as the tally form does), a saved one is put
    await addRecord(db, 'flowCount', a)
    await saveRecord(db, 'flowCount', b)
    await addRecord(db, 'flowCount', c)
    const first = await expectSame(db)
    expect(first.map((d) => d.totals.tallies)).toEqual([0, 0, 0, 0, 1, 0, 2])

    expect(await keepFlowDays(db)).toBe(2)
    expect(await keepFlowDays(db)).toBe(0) // nothing written since
    await expectSame(db)

    // a correction moves a tally to another day; another changes its counts
    await saveRecord(db, 'flowCount', { ...c, observedAt: at('2026-11-25') })
    await saveRecord(db, 'flowCount', {
      ...a,
      men: a.men + 4,
      total: a.total + 4,
      nationalities: unknownOnly(a.total + 4),
    })
    const corrected = await expectSame(db)
    expect(corrected.map((d) => d.totals.tallies)).toEqual([0, 0, 1, 0, 1, 0, 1])
    expect(corrected[6]?.totals.men).toBe(a.men + 4)

    await keepFlowDays(db)
    await expectSame(db)

    // a deletion, and another device's tallies pulled (one of them a new version of b)
    expect(await deleteRecord(db, 'flowCount', a.id)).toBe(true)
    const d = flowCount({ observedAt: at('2026-11-24'), direction: 'outgoing' })
    await applyPulledChanges(
      db,
      [
        pulled(d, 1),
        pulled({ ...b, women: b.women + 1, total: b.total + 1, nationalities: unknownOnly(b.total + 1) }, 2),
      ],
      'c1',
    )
    const later = await expectSame(db)
    expect(later.map((x) => x.totals.tallies)).toEqual([0, 1, 1, 0, 1, 0, 0])

    await keepFlowDays(db)
    await expectSame(db)
    // a day with no tally left keeps no row
    expect((await db.flowDays.toArray()).map((r) => r.day).sort()).toEqual(['2026-11-24', '2026-11-25', '2026-11-27'])
  })

  it('keeps the mark of a tally written while its day is being sealed, and only that one', async () => {
    const { db } = lockableDb(keys)
    const a = flowCount({ observedAt: at(LAST) })
    const b = flowCount({ observedAt: at(LAST, '11:00') })
    await addRecord(db, 'flowCount', a)
    await addRecord(db, 'flowCount', b)
    // the correction is saved after the upkeep has read the day, before it stores the day's new seal
    const corrected = { ...a, men: a.men + 2, total: a.total + 2, nationalities: unknownOnly(a.total + 2) }
    let between: (() => Promise<unknown>) | undefined = () => saveRecord(db, 'flowCount', corrected)
    const encrypt = crypto.subtle.encrypt.bind(crypto.subtle)
    const sealing = vi.spyOn(crypto.subtle, 'encrypt').mockImplementation(async (params, key, data) => {
      const aad = new TextDecoder().decode((params as AesGcmParams).additionalData as Uint8Array)
      const run = aad.startsWith('flowDay:') ? between : undefined
      between = undefined
      await run?.()
      return encrypt(params, key, data)
    })
    try {
      expect(await keepFlowDays(db)).toBe(0) // written meanwhile: sealed, but not as the whole day
    } finally {
      sealing.mockRestore()
    }
    expect(between).toBeUndefined()
    expect(await db.flowDayMarks.toArray()).toEqual([expect.objectContaining({ id: a.id, day: LAST })])
    const week = await expectSame(db)
    expect(week[6]?.totals.men).toBe(a.men + 2 + b.men)

    expect(await keepFlowDays(db)).toBe(1)
    expect(await db.flowDayMarks.count()).toBe(0)
    await expectSame(db)
  })

  it('reads nothing again of what it sealed or saved itself: a day sealed again, then saves, a correction, a move and a delete', async () => {
    const { db } = lockableDb(keys)
    const [a, b, c] = [0, 1, 2].map(() => flowCount({ observedAt: at(LAST) })) as [FlowCount, FlowCount, FlowCount]
    const d = flowCount({ observedAt: at('2026-11-28') })
    for (const tally of [a, b, c, d]) await saveRecord(db, 'flowCount', tally)
    await readFlowDigests(db, SITE, DAYS[0] as string, LAST) // the days worked out before they are sealed, as Today does
    expect(await keepFlowDays(db)).toBe(2)
    // marked since the seal: a new tally, a correction, one moved to the day before, one deleted
    const later = flowCount({ observedAt: at(LAST, '12:00') })
    await saveRecord(db, 'flowCount', later)
    await saveRecord(db, 'flowCount', {
      ...a,
      men: a.men + 3,
      total: a.total + 3,
      nationalities: unknownOnly(a.total + 3),
    })
    await saveRecord(db, 'flowCount', { ...b, observedAt: at('2026-11-28') })
    await deleteRecord(db, 'flowCount', c.id)
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt')
    const reads = vi.spyOn(db.flowCounts, 'bulkGet')
    try {
      const days = await readFlowDigests(db, SITE, DAYS[0] as string, LAST)
      expect(
        days
          .get(LAST)
          ?.tallies.map((t) => t.id)
          .sort(),
      ).toEqual([a.id, later.id].sort())
      expect(
        days
          .get('2026-11-28')
          ?.tallies.map((t) => t.id)
          .sort(),
      ).toEqual([b.id, d.id].sort())
      expect(decrypt).not.toHaveBeenCalled()
      expect(reads).not.toHaveBeenCalled()
    } finally {
      decrypt.mockRestore()
      reads.mockRestore()
    }
    const week = await expectSame(db)
    expect(week[6]?.totals.men).toBe(a.men + 3 + later.men)
  })

  it('takes in a pulled tally without reading it, and reads again one marked by the version before (no ciphertext named)', async () => {
    const { db } = lockableDb(keys)
    await saveRecord(db, 'flowCount', flowCount({ observedAt: at(LAST) }))
    await readFlowDigests(db, SITE, LAST, LAST)
    expect(await keepFlowDays(db)).toBe(1)
    const theirs = flowCount({ observedAt: at(LAST, '13:00') })
    await applyPulledChanges(db, [pulled(theirs, 1)], 'c1')
    const older = flowCount({ observedAt: at(LAST, '14:00') })
    await saveRecord(db, 'flowCount', older)
    // a mark made by the version before this one said neither what the write left nor its IV
    await db.flowDayMarks.toCollection().modify((mark) => {
      if (mark.id === older.id) delete mark.iv
    })
    const reads = vi.spyOn(db.flowCounts, 'bulkGet')
    try {
      expect((await readFlowDigests(db, SITE, LAST, LAST)).get(LAST)?.tallies).toHaveLength(3)
      expect(reads).toHaveBeenCalledTimes(1)
      expect(reads.mock.calls[0]?.[0]).toEqual([older.id])
    } finally {
      reads.mockRestore()
    }
    await expectSame(db)
  })

  it('stores a day only sealed, and rebuilds it from its tallies when its seal does not open', async () => {
    const { db } = lockableDb(keys)
    const a = flowCount({ observedAt: at(LAST) })
    const b = flowCount({ observedAt: at('2026-11-28') })
    await saveRecord(db, 'flowCount', a)
    await saveRecord(db, 'flowCount', b)
    await keepFlowDays(db)
    const rows = await db.flowDays.toArray()
    expect(rows).toHaveLength(2)
    expect(await db.flowDayMarks.count()).toBe(0) // all taken in
    for (const row of rows) {
      expect(row.enc).toBeDefined()
      expect(row.digest).toBeUndefined()
      expect(JSON.stringify(row)).not.toContain(a.direction)
      expect(JSON.stringify(row)).not.toContain('"men"')
    }
    // one day's seal copied onto the other's row: bound to its day, it does not open there
    const [first, second] = rows
    await db.flowDays.put({ ...(second as (typeof rows)[number]), enc: first?.enc })
    await expectSame(db)
  })

  it('reads nothing while locked', async () => {
    const { db, setLocked } = lockableDb(keys)
    await saveRecord(db, 'flowCount', flowCount({ observedAt: at(LAST) }))
    await keepFlowDays(db)
    setLocked(true)
    await expect(readFlowDigests(db, SITE, LAST, LAST)).rejects.toBeInstanceOf(LockedError)
    expect(await keepFlowDays(db)).toBe(0)
    setLocked(false)
    expect((await readFlowDigests(db, SITE, LAST, LAST)).get(LAST)?.tallies).toHaveLength(1)
  })

  it('are erased with the records they count, and so are the marks of the days', async () => {
    const { db } = lockableDb(keys)
    await saveRecord(db, 'flowCount', flowCount({ observedAt: at(LAST) }))
    await keepFlowDays(db)
    await saveRecord(db, 'flowCount', flowCount({ observedAt: at(LAST) })) // marked, not sealed yet
    await eraseReadableData(db)
    expect(await db.flowDays.count()).toBe(0)
    expect(await db.flowDayMarks.count()).toBe(0)
    expect((await readFlowDigests(db, SITE, DAYS[0] as string, LAST)).size).toBe(0)
  })

  it('seals a day gzipped, and still opens a day sealed before as plain JSON', async () => {
    const { db } = lockableDb(keys)
    for (let i = 0; i < 40; i++) await saveRecord(db, 'flowCount', flowCount({ observedAt: at(LAST) }))
    await keepFlowDays(db)
    const row = await db.flowDays.get([SITE, LAST])
    const aad = `flowDay:${SITE}:${LAST}`
    const sealed = await decryptJson<{ gzip?: unknown }>(keys.dataKey, aad, row?.enc as Sealed)
    expect(typeof sealed.gzip).toBe('string')
    const kept = await readFlowDigests(db, SITE, LAST, LAST)
    const digest = kept.get(LAST)
    expect(digest?.tallies).toHaveLength(40)
    expect(row?.enc?.ct.length).toBeLessThan(JSON.stringify(digest).length / 3)

    // a day sealed by the version before: its digest itself under the seal
    await db.flowDays.put({ ...(row as NonNullable<typeof row>), enc: await encryptJson(keys.dataKey, aad, digest) })
    await expectSame(db)
    expect((await readFlowDigests(db, SITE, LAST, LAST)).get(LAST)?.tallies).toHaveLength(40)
  })
})
