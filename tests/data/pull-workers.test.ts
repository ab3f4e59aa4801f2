/**
 * The pull's pages read, checked, sealed and stored by workers (data/pull-workers.ts):
 * stored as the page's thread would, with their cursor, told to the page's thread, and
 * never a page lost when a worker is missing or fails. The workers here run in this thread but speak as
 * real ones do (tests/helpers/in-thread-pull-worker.ts); the real worker in Chromium is
 * tested by tests/e2e/data-protection.test.ts.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { keepFlowDays } from '@/data/flow-days'
import { LockedError } from '@/data/protect'
import { getPullCursor } from '@/data/pull-apply'
import { PULL_WORKERS, pullWorkers, WORKER_MIN_CHANGES, WORKER_MIN_CHARS, type PullWorker } from '@/data/pull-workers'
import { getRecord } from '@/data/records'
import { watchWorkerWrites, type WrittenRow } from '@/data/worker-writes'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import type { Change } from '@/shared/schemas/sync'
import { InThreadWorker, type WorkerBehaviour } from '../helpers/in-thread-pull-worker'
import { flowCount, namedRegistration } from '../helpers/records'
import { sealedDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const pulled = (data: { id: string } & Record<string, unknown>, entity: Change['entity'] = 'registration'): Change => ({
  entity,
  recordId: data.id,
  rev: 1,
  deleted: false,
  data,
})

/** A page of `size` changes: a tally, a deletion, one the app cannot use (held), then registrations. */
function page(size: number): Change[] {
  const changes: Change[] = [
    pulled(flowCount(), 'flowCount'),
    { entity: 'registration', recordId: 'gone', rev: 2, deleted: true },
    pulled({ id: 'odd', nonsense: true }),
  ]
  while (changes.length < size) changes.push(pulled(namedRegistration()))
  return changes
}

/** A page as the server sends it. */
const textOf = (changes: readonly Change[], cursor = 'c1', more = true) => JSON.stringify({ changes, cursor, more })

/** Workers made on demand, kept to look at. */
function workersLike(behaviour: WorkerBehaviour | 'none' | 'throws' = 'answer') {
  const made: InThreadWorker[] = []
  const start = (): PullWorker | null => {
    if (behaviour === 'none') return null
    if (behaviour === 'throws') throw new Error('blocked')
    const worker = new InThreadWorker(behaviour)
    made.push(worker)
    return worker
  }
  return { made, start }
}

/** A pull's workers on a sealed database, and the cases the page's thread is told of. */
function watchedPull() {
  const db = sealedDb(keys)
  const { made, start } = workersLike()
  const told: WrittenRow[] = []
  const stop = watchWorkerWrites(db, 'registration', (rows) => told.push(...rows))
  return { db, made, workers: pullWorkers(db, start), told, stop }
}

describe('pullWorkers', () => {
  it('reads a big page in a worker, which says where the pull goes on from, then stores it with its cursor and tells the page what it wrote', async () => {
    const { db, made, workers, told, stop } = watchedPull()
    const changes = page(WORKER_MIN_CHANGES)
    const text = textOf(changes)
    expect(text.length).toBeGreaterThanOrEqual(WORKER_MIN_CHARS)

    const read = await workers.read(text)

    expect(read).toMatchObject({ ok: true, cursor: 'c1', more: true, changes: WORKER_MIN_CHANGES })
    expect(made[0]?.kinds()).toEqual(['read']) // the page's thread neither parsed it nor sent its changes
    expect(await getPullCursor(db)).toBeUndefined()
    if (!read.ok) return
    expect(await read.page.store('c1')).toEqual({ stored: WORKER_MIN_CHANGES - 2, deleted: 0, skipped: 0, held: 1 })
    expect(made[0]?.kinds()).toEqual(['read', 'store'])
    expect(await getPullCursor(db)).toBe('c1')
    await workers.told()
    const last = changes.at(-1) as Change
    expect(await getRecord(db, 'registration', last.recordId)).toMatchObject({ data: last.data, state: 'sent' })
    expect(await getRecord(db, 'flowCount', changes[0]!.recordId)).toMatchObject({ data: changes[0]!.data })
    // sealed: no name in clear in the row
    expect(JSON.stringify(await db.registrations.get(last.recordId))).not.toContain(
      (last.data as { givenName: string }).givenName,
    )
    // the page's thread is told each case, in clear, as its own hooks would have been
    expect(told).toHaveLength(WORKER_MIN_CHANGES - 3)
    expect(told.find((row) => row.id === last.recordId)).toMatchObject({ op: 'add', record: { data: last.data } })
    // the worker's connection marked the tally's day; the page's thread, which has the key, seals it again
    const tally = changes[0] as Change
    expect(await db.flowDayMarks.toArray()).toMatchObject([
      { siteCode: (tally.data as { siteCode: string }).siteCode, id: tally.recordId },
    ])
    expect(await db.flowDays.count()).toBe(0)
    expect(await keepFlowDays(db)).toBe(1)
    expect((await db.flowDays.toArray())[0]?.enc).toBeDefined()
    stop()
    workers.close()
    expect(made.every((worker) => worker.terminated)).toBe(true)
  })

  it('takes turns: one worker stores a page while the other reads the next', async () => {
    const db = sealedDb(keys)
    const { made, start } = workersLike()
    const workers = pullWorkers(db, start)
    const pages = [page(WORKER_MIN_CHANGES), page(WORKER_MIN_CHANGES), page(4)]
    const first = await workers.read(textOf(pages[0]!, 'c1'))
    const second = await workers.read(textOf(pages[1]!, 'c2')) // read before the first is stored
    expect(made.map((worker) => worker.kinds())).toEqual([['read'], ['read']])
    if (!first.ok || !second.ok) throw new Error('pages not read')
    await first.page.store('c1')
    await second.page.store('c2')
    // once started, a pull's small pages go to its workers too
    const third = await workers.read(textOf(pages[2]!, 'c3', false))
    if (third.ok) await third.page.store('c3')
    expect(made).toHaveLength(PULL_WORKERS)
    expect(made.map((worker) => worker.kinds())).toEqual([
      ['read', 'store', 'read', 'store'],
      ['read', 'store'],
    ])
    expect(await getPullCursor(db)).toBe('c3')
    for (const changes of pages) {
      const last = changes.at(-1) as Change
      expect(await getRecord(db, 'registration', last.recordId)).toMatchObject({ data: last.data })
    }
    workers.close()
  })

  it('gives the next page its turn once a page has committed, and tells what the pages wrote in their order after', async () => {
    const db = sealedDb(keys)
    const { made, start } = workersLike('late')
    const told: string[] = []
    const stop = watchWorkerWrites(db, 'registration', (rows) => told.push(...rows.map((row) => row.id)))
    const workers = pullWorkers(db, start)
    const pages = [page(WORKER_MIN_CHANGES), page(WORKER_MIN_CHANGES)]
    const first = await workers.read(textOf(pages[0]!, 'c1'))
    const second = await workers.read(textOf(pages[1]!, 'c2'))
    if (!first.ok || !second.ok) throw new Error('pages not read')
    await first.page.store('c1')
    await second.page.store('c2') // its turn came though what the first wrote is still on its way
    expect(await getPullCursor(db)).toBe('c2')
    let allTold = false
    const telling = workers.told().then(() => (allTold = true))
    made[1]?.release() // the second page's rows come first: they wait for the first page's
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(told).toEqual([])
    expect(allTold).toBe(false)
    made[0]?.release()
    await telling
    const ids = (changes: Change[]) =>
      changes.filter((change) => change.entity === 'registration' && !change.deleted && change.recordId !== 'odd')
    expect(told).toEqual([...ids(pages[0]!), ...ids(pages[1]!)].map((change) => change.recordId))
    stop()
    workers.close()
  })

  it('tells nothing in clear once locked, and forgets what a worker that stopped never told', async () => {
    const db = sealedDb(keys)
    const { made, start } = workersLike('late')
    const told: WrittenRow[] = []
    const stop = watchWorkerWrites(db, 'registration', (rows) => told.push(...rows))
    const workers = pullWorkers(db, start)
    const first = await workers.read(textOf(page(WORKER_MIN_CHANGES), 'c1'))
    const second = await workers.read(textOf(page(WORKER_MIN_CHANGES), 'c2'))
    if (!first.ok || !second.ok) throw new Error('pages not read')
    await first.page.store('c1')
    await second.page.store('c2')
    db.keySource = () => null // locked before the first page's rows came
    made[0]?.release()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(told).toEqual([])
    workers.close() // the second worker never says what it wrote
    await workers.told()
    expect(told).toEqual([])
    db.keySource = () => keys
    expect(await getPullCursor(db)).toBe('c2')
    stop()
  })

  it('reads a small page here, and stores a page already parsed here, without starting a worker', async () => {
    const db = sealedDb(keys)
    const { made, start } = workersLike()
    const workers = pullWorkers(db, start)
    const small = page(4)
    const read = await workers.read(textOf(small, 'c1', false))
    expect(read).toMatchObject({ ok: true, cursor: 'c1', more: false, changes: 4 })
    if (read.ok) await read.page.store('c1')
    expect(await getRecord(db, 'registration', small.at(-1)!.recordId)).toMatchObject({ state: 'sent' })
    // a transport that gives no text: the page is done here, however big
    const parsed = page(WORKER_MIN_CHANGES)
    expect(await workers.prepare(parsed).store('c2')).toMatchObject({ stored: WORKER_MIN_CHANGES - 2 })
    expect(await getRecord(db, 'registration', parsed.at(-1)!.recordId)).toMatchObject({ state: 'sent' })
    expect(made).toEqual([])
    expect(await getPullCursor(db)).toBe('c2')
  })

  it.each([
    ['a network’s login page', (size: number) => `<html>${'Wi-Fi login '.repeat(size / 12)}</html>`],
    ['JSON of another shape', (size: number) => JSON.stringify({ pages: 'x'.repeat(size) })],
    ['a cut answer', (size: number) => textOf(page(size / 250)).slice(0, size)],
  ])('reads %s as no page, in a worker as here, and stores nothing', async (_, text) => {
    const db = sealedDb(keys)
    const { made, start } = workersLike()
    const workers = pullWorkers(db, start)
    expect(await workers.read(text(100))).toEqual({ ok: false })
    expect(made).toEqual([])
    expect(await workers.read(text(WORKER_MIN_CHARS))).toEqual({ ok: false })
    expect(made[0]?.kinds()).toEqual(['read'])
    workers.close()
    expect(await getPullCursor(db)).toBeUndefined()
  })

  it.each([
    // no worker in this browser: nothing to say; a worker that fails: said once
    ['cannot start', 'none', 0],
    ['throws as it starts', 'throws', 1],
    ['crashes as it reads', 'crash', 1],
    ['answers an error as it stores', 'error', 1],
  ] as const)(
    'reads and stores the page here when a worker %s, and the next pages too',
    async (_, behaviour, warnings) => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
      const db = sealedDb(keys)
      const { made, start } = workersLike(behaviour)
      const workers = pullWorkers(db, start)
      for (const cursor of ['c1', 'c2', 'c3']) {
        const changes = page(WORKER_MIN_CHANGES)
        const read = await workers.read(textOf(changes, cursor))
        expect(read).toMatchObject({ ok: true, cursor, changes: WORKER_MIN_CHANGES })
        if (read.ok) await read.page.store(cursor)
        const last = changes.at(-1) as Change
        expect(await getRecord(db, 'registration', last.recordId)).toMatchObject({ data: last.data })
        expect(await getPullCursor(db)).toBe(cursor)
      }
      expect(warn).toHaveBeenCalledTimes(warnings)
      // after a failure, no page goes to a worker any more
      expect(made.flatMap((worker) => worker.kinds()).length).toBeLessThanOrEqual(2)
      warn.mockRestore()
    },
  )

  it('reads nothing while locked, and stores nothing locked since the page was read', async () => {
    const db = sealedDb(keys)
    const { made, start } = workersLike()
    const workers = pullWorkers(db, start)
    const read = await workers.read(textOf(page(WORKER_MIN_CHANGES)))
    if (!read.ok) throw new Error('page not read')
    db.keySource = () => null
    await expect(workers.read(textOf(page(WORKER_MIN_CHANGES), 'c2'))).rejects.toBeInstanceOf(LockedError)
    expect(() => workers.prepare(page(4))).toThrow(LockedError)
    await expect(read.page.store('c1')).rejects.toBeInstanceOf(LockedError)
    expect(made.map((worker) => worker.kinds())).toEqual([['read'], []])
    db.keySource = () => keys
    expect(await getPullCursor(db)).toBeUndefined()
  })

  it('drops a page still in a worker when the pull ends', async () => {
    const db = sealedDb(keys)
    const { made, start } = workersLike('silent')
    const workers = pullWorkers(db, start)
    const read = await workers.read(textOf(page(WORKER_MIN_CHANGES)))
    if (!read.ok) throw new Error('page not read')
    const waiting = read.page.store('c1')
    await Promise.resolve()
    workers.close()
    await expect(waiting).rejects.toThrow('The pull ended')
    expect(made.every((worker) => worker.terminated)).toBe(true)
    expect(await getPullCursor(db)).toBeUndefined()
  })
})
