/**
 * How many changes each pull page asks for (sync/pull-run.ts): the protocol's default at
 * first and over a slow link, as many as the server gives after a full page that came
 * fast, and the default again from a server that refuses so many.
 */
import { describe, expect, it } from 'vitest'
import { getPullCursor } from '@/data/pull-apply'
import { MAX_PULL_LIMIT } from '@/shared/schemas/sync'
import { FAST_PAGE_MS, nextPageLimit, pullChanges } from '@/sync/pull-run'
import type { Outcome, SyncTransport } from '@/sync/transport'
import type { PulledPage } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { freshDb } from '../data/fixtures'

describe('nextPageLimit', () => {
  it('asks for the most after a full page that came fast, and for the default otherwise', () => {
    expect(nextPageLimit(500, { asked: 500, changes: 500, ms: FAST_PAGE_MS })).toBe(MAX_PULL_LIMIT)
    expect(nextPageLimit(500, { asked: 500, changes: 500, ms: FAST_PAGE_MS + 1 })).toBe(500)
    // a page that is not full is the last: nothing tells the link's speed
    expect(nextPageLimit(500, { asked: 500, changes: 12, ms: 5 })).toBe(500)
    expect(nextPageLimit(MAX_PULL_LIMIT, { asked: MAX_PULL_LIMIT, changes: MAX_PULL_LIMIT, ms: 9_000 })).toBe(
      MAX_PULL_LIMIT,
    )
  })
})

/** A server of `count` records, as many per page as asked, each page 10 ms of the test's clock (or slow). */
function pagedServer(count: number, answer: (limit: number) => Outcome<never> | undefined = () => undefined) {
  const asked: number[] = []
  let clock = 0
  let delay = 10
  const records = Array.from({ length: count }, () => namedRegistration())
  let served = 0
  const transport: SyncTransport = {
    push: () => Promise.reject(new Error('this test only pulls')),
    async pull(_since, limit) {
      asked.push(limit)
      const refused = answer(limit)
      if (refused) return refused
      clock += delay
      const changes = records.slice(served, served + limit).map((data) => ({
        entity: 'registration',
        recordId: data.id,
        rev: 1,
        deleted: false,
        data,
      }))
      served += changes.length
      const page: PulledPage = { changes, cursor: `c${served}`, more: served < records.length }
      return { ok: true, value: page }
    },
    fetchSites: async () => ({ ok: true, value: [] }),
    fetchStaff: async () => ({ ok: true, value: [] }),
  }
  return { transport, asked, records, now: () => clock, slow: () => (delay = FAST_PAGE_MS * 2) }
}

describe('pullChanges: the size of its pages', () => {
  it('asks for the most once a full page came fast, and for the default again once the link slows', async () => {
    const db = freshDb()
    const count = 3 + 2 * MAX_PULL_LIMIT + 3 + 2
    const server = pagedServer(count)
    const transport: SyncTransport = {
      ...server.transport,
      pull: async (since, limit) => {
        if (server.asked.length === 2) server.slow() // from the third page on, the link is slow
        return server.transport.pull(since, limit)
      },
    }
    expect(await pullChanges({ db, transport }, { limit: 3, now: server.now })).toMatchObject({ ok: true })
    expect(server.asked).toEqual([3, MAX_PULL_LIMIT, MAX_PULL_LIMIT, 3, 3])
    expect(await getPullCursor(db)).toBe(`c${count}`)
    expect(await db.registrations.count()).toBe(count)
  })

  it('asks again for the default from a server that refuses so many, and stores every page', async () => {
    const db = freshDb()
    const refused: Outcome<never> = {
      ok: false,
      failure: { kind: 'http', status: 400, error: 'invalid_request', message: 'limit: at most 500' },
    }
    const server = pagedServer(9, (limit) => (limit > 3 ? refused : undefined))
    expect(await pullChanges({ db, transport: server.transport }, { limit: 3, now: server.now })).toMatchObject({
      ok: true,
    })
    expect(server.asked).toEqual([3, MAX_PULL_LIMIT, 3, MAX_PULL_LIMIT, 3])
    expect(await db.registrations.count()).toBe(9)
  })
})
