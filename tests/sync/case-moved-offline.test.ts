/**
 * An assistance recorded offline at a centre while another phone moved the case to
 * another centre of the same user's, against the real server: the push is refused
 * (`not_at_case_site`), the pull brings the case at its new site, the phone saves the
 * assistance again there (data/case-site.ts), and the next sync sends it. Nothing is
 * lost, nothing stays refused, and the record never sits at a site its case left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listParked } from '@/data/outbox'
import { getRecord, saveRecord } from '@/data/records'
import { namedRegistration } from '../helpers/records'
import { assistance } from '../data/fixtures'
import { TEST_DATABASES } from '../server/helpers/databases'
import { pushOk, upsert } from '../server/helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from '../server/helpers/test-server'
import { serverPhone } from './server-phone'

describe.each(TEST_DATABASES)('a case moved while an assistance waited on a phone (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  it("sends the assistance at the case's new site, after one refusal the phone fixes itself", async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC', 'ARL-TC'])
    const supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC'])
    const { db, engine } = serverPhone(server, registrar)
    const person = namedRegistration({ registeredBy: registrar.user.id })
    await saveRecord(db, 'registration', person)
    engine.start()
    await engine.idle()
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ state: 'sent' })

    // offline, the phone records an assistance at Agadez; meanwhile the case moves to Arlit
    const help = assistance({
      registrationId: person.id,
      siteCode: 'AGZ-TC',
      notes: 'Blankets',
      providedBy: registrar.user.id,
    })
    await saveRecord(db, 'assistance', help)
    await pushOk(server, supervisor, [
      upsert('registration', { ...person, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
    ])

    await engine.syncNow()
    // refused, then saved again at the case's site, waiting for the next push
    expect(await getRecord(db, 'assistance', help.id)).toMatchObject({ state: 'pending', data: { siteCode: 'ARL-TC' } })

    await engine.syncNow()
    expect(await getRecord(db, 'assistance', help.id)).toMatchObject({
      state: 'sent',
      data: { siteCode: 'ARL-TC', notes: 'Blankets' },
    })
    expect(await listParked(db)).toEqual([])
    const stored = await server.db.selectFrom('records').select('site_code').where('id', '=', help.id).execute()
    expect(stored).toEqual([{ site_code: 'ARL-TC' }])
    engine.stop()
  })
})
