/**
 * A new tally from a phone whose clock is days behind as it sends (sentAt, additive) is
 * refused at observedAt (clock_behind): it would be filed days early in the daily figures.
 * A tally that is only late (no link for days), an older phone that does not say its
 * clock, a clock set back after the save, a correction of a tally already taken, and a
 * clock less than a day behind are all taken as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FlowCount } from '@/shared/schemas/flow-count'
import { siteTimestamp } from '@/shared/site-time'
import { flowCount } from '../helpers/records'
import { batch, push, pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe.each(TEST_DATABASES)('a tally from a clock days behind (%s)', (database) => {
  let server: TestServer
  let monitor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
  })
  afterAll(() => server.close())

  /** A tally saved (and observed a minute before) when the phone's clock read `savedAt`. */
  const savedAt = (at: number) => {
    const saved = new Date(at).toISOString()
    const tally = flowCount({ createdAt: saved, updatedAt: saved, observedAt: siteTimestamp(new Date(at - 60_000)) })
    return upsert('flowCount', tally, 0, { at: saved })
  }
  /** Pushes with the phone's clock `behindMs` behind the server's as it sends (undefined: says nothing). */
  const send = async (mutation: ReturnType<typeof upsert>, behindMs?: number) => {
    const sentAt = behindMs === undefined ? {} : { sentAt: new Date(Date.now() - behindMs).toISOString() }
    const answer = await push(server, monitor, batch(monitor, [mutation], sentAt))
    expect(answer.status).toBe(200)
    return answer.body.results[0]!
  }

  it('refuses a new tally saved by a clock three days behind, at its observedAt', async () => {
    const result = await send(savedAt(Date.now() - 3 * DAY - HOUR), 3 * DAY)
    expect(result.status).toBe('rejected')
    expect(result.errors).toMatchObject([{ path: ['observedAt'], code: 'clock_behind' }])
    expect(result.errors?.[0]?.message).toMatch(/3 days behind/)
  })

  it('takes a tally three days late from a phone whose clock is right', async () => {
    expect((await send(savedAt(Date.now() - 3 * DAY), 0)).status).toBe('applied')
  })

  it('takes it from an older phone, which does not say its clock', async () => {
    expect((await send(savedAt(Date.now() - 3 * DAY))).status).toBe('applied')
  })

  it('takes a tally saved before the clock was set back (its save reads later than the sending)', async () => {
    expect((await send(savedAt(Date.now() - HOUR), 3 * DAY)).status).toBe('applied')
  })

  it('leaves a clock less than a day behind to the phone’s clock warning', async () => {
    expect((await send(savedAt(Date.now() - 21 * HOUR), 20 * HOUR)).status).toBe('applied')
  })

  it('does not judge a correction of a tally the server already took: it stays on that day', async () => {
    const first = savedAt(Date.now() - 2 * DAY)
    await pushOk(server, monitor, [first])
    const data = {
      ...(first.data as FlowCount),
      men: 13,
      total: 19,
      updatedAt: new Date(Date.now() - 3 * DAY).toISOString(),
      nationalities: [
        { country: 'NGA', count: 11 },
        { country: 'MLI', count: 6 },
        { country: 'OOO', count: 2 },
      ],
    }
    const correction = upsert('flowCount', data, 1, { at: data.updatedAt, changedFields: ['men', 'total'] })
    expect((await send(correction, 3 * DAY)).status).toBe('applied')
  })

  it('refuses a sentAt that is not a time a clock writes, as any envelope field', async () => {
    const answer = await push(
      server,
      monitor,
      batch(monitor, [savedAt(Date.now())], { sentAt: '9999-01-01T00:00:00Z' }),
    )
    expect(answer.status).toBe(400)
    expect(answer.body.error).toBe('invalid_batch')
  })
})
