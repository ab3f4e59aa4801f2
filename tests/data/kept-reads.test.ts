/**
 * Reads kept between a screen's openings (kept-reads.ts): an answer is given at once only
 * while no write touched the tables it read; a watched read follows the writes as a live
 * query does; a write that only seals a day again keeps the answers; a locked database
 * gives none.
 */
import Dexie from 'dexie'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openUserDb, type RelaisDb } from '@/data/db'
import { keepFlowDays, readFlowDigests } from '@/data/flow-days'
import { keptRead, withSameAnswers } from '@/data/kept-reads'
import { LockedError } from '@/data/protect'
import { saveRecord } from '@/data/records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'
import { flowCount } from '../helpers/records'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const opened: RelaisDb[] = []
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

/** A database opened first (its creation says that every table changed). */
async function protectedDb(): Promise<{ db: RelaisDb; setKeys(next: VaultKeys | null): void }> {
  const db = openUserDb(`kept-reads-${newId()}`)
  await db.open()
  let current: VaultKeys | null = keys
  db.keySource = () => current
  opened.push(db)
  return { db, setKeys: (next) => (current = next) }
}

/** A read that counts its runs: what the phone holds of site SEG-FMP. */
function countingRead(db: RelaisDb) {
  let runs = 0
  const read = () =>
    keptRead(db, 'tallies', ['flowCounts'], async () => ({ run: ++runs, n: await db.flowCounts.count() }))
  return { read, runs: () => runs }
}

/** Resolves after the next notification of `read`. */
function nextAnswer(subscribe: (listener: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    const stop = subscribe(() => {
      stop()
      resolve()
    })
  })
}

describe('kept reads', () => {
  it('answers at once while nothing it read was written, and not once a write touched it', async () => {
    const { db } = await protectedDb()
    const { read, runs } = countingRead(db)
    expect(read().snapshot()).toBeUndefined()
    await read().keep()
    expect(read().snapshot()).toEqual({ run: 1, n: 0 })
    // a write to another table leaves it
    await db.meta.put({ key: 'something', value: 1 })
    expect(read().snapshot()).toEqual({ run: 1, n: 0 })
    expect(runs()).toBe(1)
    // a tally saved: the answer no longer holds, and none is given
    await saveRecord(db, 'flowCount', flowCount())
    expect(read().snapshot()).toBeUndefined()
    await read().keep()
    expect(read().snapshot()).toEqual({ run: 2, n: 1 })
  })

  it('follows the writes while watched, keeping its last answer until the next', async () => {
    const { db } = await protectedDb()
    const { read } = countingRead(db)
    await read().keep()
    const watching = read()
    const stop = watching.subscribe(() => undefined)
    const answered = nextAnswer(watching.subscribe)
    // as the save commits (listened to after the kept reads): stale, but drawn already,
    // so kept on screen until the new answer
    let atCommit: unknown = 'not seen'
    const seeCommit = () => (atCommit = watching.snapshot())
    Dexie.on('storagemutated', seeCommit)
    await saveRecord(db, 'flowCount', flowCount())
    Dexie.on('storagemutated').unsubscribe(seeCommit)
    expect(atCommit).toEqual({ run: 1, n: 0 })
    await answered
    expect(watching.snapshot()).toEqual({ run: 2, n: 1 })
    stop()
  })

  it('does not give a screen that opens a stale answer, even one watched before', async () => {
    const { db } = await protectedDb()
    const { read } = countingRead(db)
    const first = read()
    const stop = first.subscribe(() => undefined)
    await nextAnswer(first.subscribe)
    stop()
    await saveRecord(db, 'flowCount', flowCount())
    expect(read().snapshot()).toBeUndefined()
  })

  it('watches one row of a table when asked to, not the table', async () => {
    const { db } = await protectedDb()
    const prefs = keptRead(
      db,
      'prefs',
      ['meta:tallyPrefs'],
      async () => (await db.meta.get('tallyPrefs'))?.value ?? null,
    )
    await prefs.keep()
    await db.meta.put({ key: 'syncStatus', value: { running: true } }) // another row: kept
    expect(prefs.snapshot()).toBeNull()
    await db.meta.put({ key: 'tallyPrefs', value: { siteCode: 'SEG-FMP' } })
    expect(prefs.snapshot()).toBeUndefined()
    await prefs.keep()
    expect(prefs.snapshot()).toEqual({ siteCode: 'SEG-FMP' })
    await db.meta.delete('tallyPrefs')
    expect(prefs.snapshot()).toBeUndefined()
    await prefs.keep()
    await db.meta.clear() // a range that holds it
    expect(prefs.snapshot()).toBeUndefined()
  })

  describe('with a probe of what it uses of a row', () => {
    /** A read of the tallies and of the user's sites in the sync status, which changes at each attempt. */
    function sitesRead(db: RelaisDb) {
      let runs = 0
      const sites = async () => ((await db.meta.get('syncStatus'))?.value as { sites?: string[] })?.sites ?? null
      const read = () =>
        keptRead(
          db,
          'sites',
          ['flowCounts', 'meta:syncStatus'],
          async () => ({ run: ++runs, sites: await sites(), n: await db.flowCounts.count() }),
          { 'meta:syncStatus': sites },
        )
      return { read, runs: () => runs }
    }
    const status = (db: RelaisDb, value: object) => db.meta.put({ key: 'syncStatus', value })
    /** The probes run after the write's notification: a few turns of the event loop. */
    const settled = () => new Promise((resolve) => setTimeout(resolve, 20))

    it('keeps the answer over a write that leaves what it uses, without reading it again', async () => {
      const { db } = await protectedDb()
      await status(db, { sites: ['SEG-FMP'], running: false })
      const { read, runs } = sitesRead(db)
      await read().keep()
      await status(db, { sites: ['SEG-FMP'], running: true, lastAttemptAt: 'now' })
      await settled()
      expect(read().snapshot()).toEqual({ run: 1, sites: ['SEG-FMP'], n: 0 })
      expect(runs()).toBe(1)
    })

    it('reads it again when what it uses changed, or when another table was written too', async () => {
      const { db } = await protectedDb()
      await status(db, { sites: ['SEG-FMP'] })
      const { read } = sitesRead(db)
      await read().keep()
      await status(db, { sites: ['SEG-FMP', 'ARL-FMP'] })
      expect(read().snapshot()).toBeUndefined()
      await read().keep()
      expect(read().snapshot()).toMatchObject({ run: 2, sites: ['SEG-FMP', 'ARL-FMP'] })
      await saveRecord(db, 'flowCount', flowCount())
      await status(db, { sites: ['SEG-FMP', 'ARL-FMP'], running: true })
      await settled()
      expect(read().snapshot()).toBeUndefined() // the tally written: the probe cannot vouch for it
      await read().keep()
      expect(read().snapshot()).toMatchObject({ run: 3, n: 1 })
    })

    it('gives a screen that opens meanwhile the answer once the probe vouches for it', async () => {
      const { db } = await protectedDb()
      await status(db, { sites: ['SEG-FMP'] })
      const { read, runs } = sitesRead(db)
      await read().keep()
      // the screen opens before the write's notification is handled
      let opened: ReturnType<typeof read> | undefined
      const open = () => (opened = read())
      Dexie.on('storagemutated', open)
      await status(db, { sites: ['SEG-FMP'], running: true })
      Dexie.on('storagemutated').unsubscribe(open)
      const screen = opened as ReturnType<typeof read>
      expect(screen.snapshot()).toBeUndefined()
      const answered = nextAnswer(screen.subscribe)
      const stop = screen.subscribe(() => undefined)
      await answered
      expect(screen.snapshot()).toEqual({ run: 1, sites: ['SEG-FMP'], n: 0 })
      expect(runs()).toBe(1)
      stop()
    })
  })

  it('keeps its answers over a day sealed again, not over a save', async () => {
    const { db } = await protectedDb()
    const DAY = '2026-11-29'
    const days = keptRead(db, 'days', ['flowCounts', 'flowDays', 'flowDayMarks'], async () => {
      const digests = await readFlowDigests(db, 'SEG-FMP', DAY, DAY)
      return digests.get(DAY)?.tallies.length ?? 0
    })
    await saveRecord(db, 'flowCount', flowCount({ observedAt: `${DAY}T09:30:00.000+01:00` }))
    await days.keep()
    expect(days.snapshot()).toBe(1)
    expect(await keepFlowDays(db)).toBe(1) // the day sealed again, its mark taken in: a write to both
    expect(days.snapshot()).toBe(1)
    // a write that is not declared as keeping the answers
    await db.flowDays.toCollection().modify({ upTo: 0 })
    expect(days.snapshot()).toBeUndefined()
  })

  it('does not keep the answers over another write that came between', async () => {
    const { db } = await protectedDb()
    const days = keptRead(db, 'days', ['flowDays', 'flowDayMarks'], async () => db.flowDayMarks.count())
    await saveRecord(db, 'flowCount', flowCount())
    await days.keep()
    await withSameAnswers(db, ['flowDays', 'flowDayMarks'], async () => {
      await db.flowDayMarks.clear()
      await saveRecord(db, 'flowCount', flowCount()) // marks its day: another write to flowDayMarks
    })
    expect(days.snapshot()).toBeUndefined()
  })

  it('tells the screens watching why a read failed, and tries again when a screen opens again', async () => {
    const { db } = await protectedDb()
    let broken = true
    const read = () =>
      keptRead(db, 'failing', ['flowCounts'], async () => {
        if (broken) throw new Error('storage failing')
        return db.flowCounts.count()
      })
    const watching = read()
    const failed = nextAnswer(watching.subscribe)
    const stop = watching.subscribe(() => undefined)
    await failed
    expect(watching.failure()).toEqual(new Error('storage failing'))
    expect(watching.snapshot()).toBeUndefined()
    stop()
    expect(read().failure()).toBeUndefined() // no screen watching: nothing to tell
    broken = false
    const again = read()
    const answered = nextAnswer(again.subscribe)
    const stopAgain = again.subscribe(() => undefined)
    await answered
    expect(again.failure()).toBeUndefined()
    expect(again.snapshot()).toBe(0)
    stopAgain()
  })

  it('says nothing of a read that failed because the phone locked meanwhile', async () => {
    const { db } = await protectedDb()
    let tried = () => undefined as void
    const attempted = new Promise<void>((resolve) => (tried = resolve))
    const watching = keptRead(db, 'locked', ['flowCounts'], async () => {
      tried()
      throw new LockedError() // the lock screen takes over: nothing for Today to show
    })
    const stop = watching.subscribe(() => undefined)
    await attempted
    await new Promise((resolve) => setTimeout(resolve, 0)) // the read's failure handled
    expect(watching.failure()).toBeUndefined()
    stop()
  })

  it('gives nothing while locked, and nothing of before the lock once unlocked with a new key', async () => {
    const { db, setKeys } = await protectedDb()
    const { read } = countingRead(db)
    await read().keep()
    expect(read().snapshot()).toEqual({ run: 1, n: 0 })
    setKeys(null)
    expect(read().snapshot()).toBeUndefined()
    await expect(read().keep()).resolves.toBeUndefined() // the read fails quietly: nothing kept
    setKeys((await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys)
    expect(read().snapshot()).toBeUndefined()
  })
})
