/**
 * An assistance recorded offline at a centre while another phone moved the case to a
 * centre this registrar does not cover, against the real server: the push is refused and
 * the server keeps the assistance for a supervisor of the case's new centre; the pull takes
 * the case off the phone, which keeps the assistance and says it was kept. The phone asks
 * again six hours later, and once that supervisor has accepted it, the assistance is stored
 * at the case's centre as the registrar's and leaves the phone. Nothing recorded is lost.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ASK_AGAIN_MS } from '@/data/lost-sites'
import { getRecord, saveRecord } from '@/data/records'
import type { RejectionList } from '@/shared/schemas/rejections'
import { namedRegistration } from '../helpers/records'
import { assistance } from '../data/fixtures'
import { TEST_DATABASES } from '../server/helpers/databases'
import { pushOk, upsert } from '../server/helpers/sync-client'
import {
  call,
  loginAdmin,
  signedInUser,
  startTestServer,
  type Session,
  type TestServer,
} from '../server/helpers/test-server'
import { serverPhone } from './server-phone'

afterEach(() => vi.useRealTimers())

describe.each(TEST_DATABASES)('a case moved away while an assistance waited on a phone (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  it('keeps the assistance for the new centre’s supervisor, and it leaves the phone once accepted there', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const mover = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC'])
    const arlit = await signedInUser(server, admin, 'supervisor', ['ARL-TC'])
    const { db, engine } = serverPhone(server, registrar)
    const person = namedRegistration({ registeredBy: registrar.user.id })
    await saveRecord(db, 'registration', person)
    engine.start()
    await engine.idle()

    // offline, the phone records an assistance at Agadez; meanwhile the case moves to Arlit
    const help = assistance({
      registrationId: person.id,
      siteCode: 'AGZ-TC',
      notes: 'Blankets',
      providedBy: registrar.user.id,
    })
    await saveRecord(db, 'assistance', help)
    await pushOk(server, mover, [
      upsert('registration', { ...person, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
    ])

    await engine.syncNow()
    // the case left the phone; the assistance stays, refused, kept for Arlit
    expect(await getRecord(db, 'registration', person.id)).toBeUndefined()
    const refused = await getRecord(db, 'assistance', help.id)
    expect(refused?.state).toBe('rejected')
    expect(refused?.errors?.map((e) => e.code)).toEqual(['unavailable', 'kept_for_case_site'])

    // Arlit's supervisor accepts it
    const listed = await call<RejectionList>(server, '/api/v1/rejections', { token: arlit.token })
    const entry = listed.body.records.find((r) => r.recordId === help.id)
    expect(entry?.keptBecause).toBe('case_moved')
    const accepted = await call(server, '/api/v1/rejections/accept', { token: arlit.token, body: { ids: [entry?.id] } })
    expect(accepted.body).toEqual({ results: [{ id: entry?.id, status: 'applied', rev: 1 }] })

    // not asked again before six hours
    await engine.syncNow()
    expect(await getRecord(db, 'assistance', help.id)).toMatchObject({ state: 'rejected' })

    // six hours later the phone asks again, learns it was accepted, and lets it go
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + ASK_AGAIN_MS + 60_000 })
    await engine.syncNow()
    await engine.syncNow()
    expect(await getRecord(db, 'assistance', help.id)).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
    const stored = await server.db
      .selectFrom('records')
      .select(['site_code', 'user_id'])
      .where('id', '=', help.id)
      .execute()
    expect(stored).toEqual([{ site_code: 'ARL-TC', user_id: registrar.user.id }])
    engine.stop()
  })
})
