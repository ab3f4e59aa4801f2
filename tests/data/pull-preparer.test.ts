/**
 * The pull's pages prepared in a worker (data/pull-preparer.ts): the same rows as prepared
 * here, and never a page lost when the worker is missing or fails. The worker here runs in
 * this thread but speaks as the real one does (structured clones both ways); the real
 * worker in Chromium is tested by tests/e2e/new-phone-pull.e2e.test.ts.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { LockedError } from '@/data/protect'
import { storePreparedPage } from '@/data/pull-apply'
import { prepareChangeWith } from '@/data/pulled-change'
import {
  pullPreparer,
  WORKER_MIN_CHANGES,
  type PrepareReply,
  type PrepareRequest,
  type PrepareWorker,
} from '@/data/pull-preparer'
import { getRecord } from '@/data/records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import type { Change } from '@/shared/schemas/sync'
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

/** A page of `size` changes: registrations, a tally, one the app cannot use (held) and a deletion. */
function page(size: number): Change[] {
  const changes: Change[] = [
    pulled(flowCount(), 'flowCount'),
    { entity: 'registration', recordId: 'gone', rev: 2, deleted: true },
    pulled({ id: 'odd', nonsense: true }),
  ]
  while (changes.length < size) changes.push(pulled(namedRegistration()))
  return changes
}

/** A worker in this thread: what it is sent and answers is cloned, as between threads. */
class InThreadWorker implements PrepareWorker {
  onmessage: PrepareWorker['onmessage'] = null
  onerror: PrepareWorker['onerror'] = null
  onmessageerror: PrepareWorker['onmessageerror'] = null
  requests: PrepareRequest[] = []
  terminated = false
  constructor(private readonly behaviour: 'answer' | 'crash' | 'error' = 'answer') {}

  postMessage(request: PrepareRequest): void {
    this.requests.push(request)
    void this.answer({ ...request, changes: structuredClone(request.changes) })
  }

  private async answer({ id, dataKey, retentionDays, changes }: PrepareRequest): Promise<void> {
    if (this.behaviour === 'crash') return void this.onerror?.(new Event('error'))
    const reply: PrepareReply =
      this.behaviour === 'error'
        ? { id, error: 'the worker broke' }
        : {
            id,
            prepared: (await Promise.all(changes.map((c) => prepareChangeWith(dataKey, retentionDays, c)))).map(
              ({ change: _change, ...made }) => made,
            ),
          }
    this.onmessage?.(new MessageEvent('message', { data: structuredClone(reply) }))
  }

  terminate(): void {
    this.terminated = true
  }
}

describe('pullPreparer', () => {
  it('prepares a big page in the worker: stored, the rows open as prepared here', async () => {
    const db = sealedDb(keys)
    const worker = new InThreadWorker()
    const preparer = pullPreparer(db, () => worker)
    const changes = page(WORKER_MIN_CHANGES)
    const prepared = await preparer.prepare(changes)
    expect(worker.requests).toHaveLength(1)
    expect(prepared.map((p) => p.kind)).toEqual(
      changes.map((c, i) => (c.deleted ? 'delete' : i === 2 ? 'hold' : 'store')),
    )
    expect(prepared.every((p, i) => p.change === changes[i])).toBe(true)
    const summary = await storePreparedPage(db, prepared, 'c1')
    expect(summary).toEqual({ stored: WORKER_MIN_CHANGES - 2, deleted: 0, skipped: 0, held: 1 })
    const last = changes.at(-1) as Change
    expect(await getRecord(db, 'registration', last.recordId)).toMatchObject({ data: last.data, state: 'sent' })
    expect(await getRecord(db, 'flowCount', changes[0]!.recordId)).toMatchObject({ data: changes[0]!.data })
    preparer.close()
    expect(worker.terminated).toBe(true)
  })

  it('prepares a small page here, without starting a worker', async () => {
    let started = 0
    const preparer = pullPreparer(sealedDb(keys), () => (started++, new InThreadWorker()))
    expect(await preparer.prepare(page(WORKER_MIN_CHANGES - 1))).toHaveLength(WORKER_MIN_CHANGES - 1)
    expect(started).toBe(0)
  })

  it.each([
    // no worker in this browser: nothing to say; a worker that fails: said once
    ['cannot start', () => null, 0],
    ['throws as it starts', () => { throw new Error('blocked') }, 1], // prettier-ignore
    ['crashes', () => new InThreadWorker('crash'), 1],
    ['answers an error', () => new InThreadWorker('error'), 1],
  ])('prepares the page here when the worker %s, and the next pages too', async (_, start, warnings) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const db = sealedDb(keys)
    let started = 0
    const preparer = pullPreparer(db, () => (started++, start()))
    for (const cursor of ['c1', 'c2']) {
      const changes = page(WORKER_MIN_CHANGES)
      await storePreparedPage(db, await preparer.prepare(changes), cursor)
      const last = changes.at(-1) as Change
      expect(await getRecord(db, 'registration', last.recordId)).toMatchObject({ data: last.data })
    }
    expect(started).toBe(1)
    expect(warn).toHaveBeenCalledTimes(warnings)
    warn.mockRestore()
  })

  it('sends nothing while locked', async () => {
    const db = sealedDb(keys)
    db.keySource = () => null
    const worker = new InThreadWorker()
    await expect(pullPreparer(db, () => worker).prepare(page(WORKER_MIN_CHANGES))).rejects.toBeInstanceOf(LockedError)
    expect(worker.requests).toEqual([])
  })

  it('drops a page still in the worker when the pull ends', async () => {
    const worker = new InThreadWorker()
    worker.postMessage = (request) => void worker.requests.push(request) // never answers
    const preparer = pullPreparer(sealedDb(keys), () => worker)
    const waiting = preparer.prepare(page(WORKER_MIN_CHANGES))
    await Promise.resolve()
    preparer.close()
    await expect(waiting).rejects.toThrow('The pull ended')
    expect(worker.terminated).toBe(true)
  })
})
