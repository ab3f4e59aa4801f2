/**
 * A phone offline while a colleague recorded the person's withdrawal of consent, against
 * the real server: it records an assistance and a referral about the person, syncs, and
 * ends up with the server's version, its free text `—`, marked sent, and the anonymous
 * case. Its own text is not shown as sent: the pull alone would never bring the server's
 * version, which has the rev the push's answer gave (data/acknowledge.ts).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listParked, pendingCount } from '@/data/outbox'
import { getRecord, saveRecord } from '@/data/records'
import { createVault } from '@/shared/crypto/vault'
import { fetchServerKey } from '@/sync/server-keys'
import { sealOutbox } from '@/sync/seal-outbox'
import { withoutPersonalData } from '@/shared/case-rules'
import { namedRegistration } from '../helpers/records'
import { assistance, referral } from '../data/fixtures'
import { caseEvent } from '../server/helpers/case-records'
import { TEST_DATABASES } from '../server/helpers/databases'
import { pushOk, upsert } from '../server/helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from '../server/helpers/test-server'
import { lockablePhone, serverPhone } from './server-phone'

describe.each(TEST_DATABASES)('work recorded offline on a case whose person withdrew consent (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  it("takes the server's blank text for its own and shows it sent", async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const colleague = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const { db, engine } = serverPhone(server, registrar)
    const person = namedRegistration({ givenName: 'Hadiza', registeredBy: registrar.user.id })
    await saveRecord(db, 'registration', person)
    engine.start()
    await engine.idle()

    // the colleague's phone records the withdrawal; this phone hears nothing of it
    const { sections: _edit, ...withdrawn } = caseEvent(person.id, { kind: 'consent_withdrawn' })
    await pushOk(server, colleague, [
      upsert('registration', withoutPersonalData(person, '2026-12-01'), 1),
      upsert('caseEvent', withdrawn),
    ])
    const notes = `Hadiza sleeps at the bus station ${randomUUID()}`
    const reason = `Hadiza needs a surgeon ${randomUUID()}`
    const help = assistance({ registrationId: person.id, notes, providedBy: registrar.user.id })
    const sent = referral({ registrationId: person.id, reason })
    await saveRecord(db, 'assistance', help)
    await saveRecord(db, 'referral', sent)

    await engine.syncNow()
    expect(await getRecord(db, 'assistance', help.id)).toMatchObject({
      state: 'sent',
      syncedRev: 1,
      data: { notes: '—', type: help.type },
    })
    expect(await getRecord(db, 'referral', sent.id)).toMatchObject({ state: 'sent', data: { reason: '—' } })
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ data: { consentProcessing: false } })
    expect(await pendingCount(db)).toBe(0)
    expect(await listParked(db)).toEqual([])

    // and so it stays
    await engine.syncNow()
    expect(await getRecord(db, 'assistance', help.id)).toMatchObject({ data: { notes: '—' } })
    engine.stop()
  })

  it('sent while the phone was locked, takes the server’s blank text at the first sync after unlock', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const colleague = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const { keys } = await createVault('pass-phrase', { unsafeTestIterations: 1000 })
    const { db, engine, setLocked } = lockablePhone(server, registrar, keys)
    const person = namedRegistration({ givenName: 'Rakia', registeredBy: registrar.user.id })
    await saveRecord(db, 'registration', person)
    engine.start()
    await engine.idle()

    const { sections: _edit, ...withdrawn } = caseEvent(person.id, { kind: 'consent_withdrawn' })
    await pushOk(server, colleague, [
      upsert('registration', withoutPersonalData(person, '2026-12-01'), 1),
      upsert('caseEvent', withdrawn),
    ])
    const notes = `Rakia sleeps at the bus station ${randomUUID()}`
    const help = assistance({ registrationId: person.id, notes, providedBy: registrar.user.id })
    await saveRecord(db, 'assistance', help)
    // the app seals what waits at lock, then the locked phone pushes it with its push-only token
    const serverKey = await fetchServerKey({ baseUrl: server.url })
    if (!serverKey) throw new Error('the server published no key')
    await sealOutbox(db, { serverKey, deviceId: registrar.deviceId })
    setLocked(true)
    await engine.syncNow()
    expect(await pendingCount(db)).toBe(0)

    setLocked(false)
    await engine.syncNow()
    expect(await getRecord(db, 'assistance', help.id)).toMatchObject({
      state: 'sent',
      syncedRev: 1,
      data: { notes: '—', type: help.type },
    })
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ data: { consentProcessing: false } })
    engine.stop()
  })
})
