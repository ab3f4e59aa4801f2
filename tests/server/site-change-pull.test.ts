/**
 * A user given a new site receives that site's older records (issue 9): their cursor was
 * given under their old sites, so the next pull answers invalid_cursor and the device
 * starts again from the beginning. Cursors given before scopes are still accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, pull, pullAll, push, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('a user given a new site (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const setSites = async (user: Session, sites: string[]) => {
    const answer = await call(server, `/api/v1/users/${user.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { sites },
    })
    expect(answer.status).toBe(200)
  }

  it('pulls the older records of the new site after one invalid_cursor, and keeps every record once', async () => {
    const agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const older = [namedRegistration({ siteCode: 'AGZ-TC' }), namedRegistration({ siteCode: 'AGZ-TC' })]
    expect(
      (
        await push(
          server,
          agadez,
          batch(
            agadez,
            older.map((r) => upsert('registration', r)),
          ),
        )
      ).status,
    ).toBe(200)
    const mine = namedRegistration({ siteCode: 'ARL-TC' })
    expect((await push(server, arlit, batch(arlit, [upsert('registration', mine)]))).status).toBe(200)

    // the Arlit registrar's phone is up to date: it holds nothing of Agadez
    const before = await pullAll(server, arlit)
    expect(before.changes.map((c) => c.recordId)).not.toContain(older[0]!.id)

    await setSites(arlit, ['ARL-TC', 'AGZ-TC'])
    const stale = await pull(server, arlit, { since: before.cursor })
    expect(stale.status).toBe(400)
    expect(stale.body).toMatchObject({ error: 'invalid_cursor' })

    // starting again: Agadez's older records come, with Arlit's, each once
    const again = await pullAll(server, arlit)
    const ids = again.changes.map((c) => c.recordId)
    expect(ids).toEqual(expect.arrayContaining([older[0]!.id, older[1]!.id]))
    expect(new Set(ids).size).toBe(ids.length)
    // and the new cursor fits the new sites
    expect((await pull(server, arlit, { since: again.cursor })).body).toMatchObject({ changes: [], more: false })
  })

  it('keeps the cursor of a user whose sites did not change, and accepts a cursor given before scopes', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['DRK-TC'])
    const { cursor } = await pullAll(server, registrar)
    expect((await pull(server, registrar, { since: cursor })).status).toBe(200)
    const seq = /^s(\d+)\./.exec(Buffer.from(cursor, 'base64url').toString())?.[1]
    const legacy = Buffer.from(`s${seq}`).toString('base64url')
    expect((await pull(server, registrar, { since: legacy })).status).toBe(200)
  })
})
