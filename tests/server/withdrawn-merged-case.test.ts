/**
 * A withdrawal of consent reaches the cases a supervisor merged into the withdrawn one,
 * over real HTTP on SQLite and PostgreSQL: they are the same person, so the merged
 * case goes anonymous too (still merged, so the merge can be undone), its past versions
 * and the text of the work it once had are rewritten, every phone of the site pulls the
 * anonymous version, and undoing the merge brings back no name. A case merged into the
 * merged one before is the same person too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withoutPersonalData } from '@/shared/case-rules'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { marker, tablesHolding } from './helpers/traces'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('withdrawal of consent on a case with a duplicate merged into it (%s)', (database) => {
  let server: TestServer
  let registrar: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  it('makes the merged duplicate anonymous too, in every table, on every phone, and after the merge is undone', async () => {
    const keptName = marker('Rakiatou')
    const duplicateName = marker('Rakiyatou')
    const passport = marker('PA')
    const note = marker('Rakiyatou sleeps at the bus station')
    const kept = namedRegistration({ givenName: keptName, familyName: 'Souley', registeredBy: registrar.user.id })
    const duplicate = namedRegistration({
      givenName: duplicateName,
      familyName: 'Souley',
      phone: '+227 96 00 11 22',
      document: { type: 'passport', number: passport },
      registeredBy: registrar.user.id,
    })
    const help = assistance(duplicate.id, { notes: note, providedBy: registrar.user.id })
    await pushOk(server, registrar, [
      upsert('registration', kept),
      upsert('registration', duplicate),
      upsert('assistance', help),
    ])
    const merged = await call(server, '/api/v1/duplicates/merge', {
      token: supervisor.token,
      body: { keepId: kept.id, mergeId: duplicate.id },
    })
    expect(merged.status, JSON.stringify(merged.body)).toBe(200)

    // the person withdraws consent on the case the phone shows: the survivor
    const { sections: _edit, ...event } = caseEvent(kept.id, { kind: 'consent_withdrawn', by: registrar.user.id })
    const answer = await pushOk(server, registrar, [
      upsert('registration', withoutPersonalData(kept, '2026-12-01'), 1),
      upsert('caseEvent', event),
    ])
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied'])

    for (const text of [keptName, duplicateName, passport, '96 00 11 22', note]) {
      expect(await tablesHolding(server.db, text), text).toEqual([])
    }
    // still merged into the survivor, now without the person
    const { changes: pulled } = await pullAll(server, supervisor)
    const copy = pulled.filter((c) => c.recordId === duplicate.id).at(-1)
    expect(copy?.data).toMatchObject({ consentProcessing: false, mergedInto: kept.id, sex: 'female' })
    expect(copy?.data).not.toHaveProperty('givenName')

    const undone = await call(server, '/api/v1/duplicates/undo', {
      token: supervisor.token,
      body: { mergeId: duplicate.id },
    })
    expect(undone.status, JSON.stringify(undone.body)).toBe(200)
    const exported = await call(server, '/api/v1/export/registration.csv?personal=true', { token: supervisor.token })
    expect(exported.status).toBe(200)
    expect(String(exported.body)).not.toContain(duplicateName)
    expect(String(exported.body)).not.toContain(passport)
    expect(await tablesHolding(server.db, duplicateName)).toEqual([])
  })

  it('reaches a case merged into the merged one before', async () => {
    const names = [marker('Fadimata'), marker('Fadimatou'), marker('Fatimata')]
    const [kept, middle, first] = names.map((givenName) =>
      namedRegistration({ givenName, familyName: 'Ag Ahmed', registeredBy: registrar.user.id }),
    ) as [
      ReturnType<typeof namedRegistration>,
      ReturnType<typeof namedRegistration>,
      ReturnType<typeof namedRegistration>,
    ]
    await pushOk(
      server,
      registrar,
      [kept, middle, first].map((person) => upsert('registration', person)),
    )
    for (const [keepId, mergeId] of [
      [middle.id, first.id],
      [kept.id, middle.id],
    ]) {
      const merged = await call(server, '/api/v1/duplicates/merge', {
        token: supervisor.token,
        body: { keepId, mergeId },
      })
      expect(merged.status, JSON.stringify(merged.body)).toBe(200)
    }
    const { sections: _edit, ...event } = caseEvent(kept.id, { kind: 'consent_withdrawn', by: registrar.user.id })
    await pushOk(server, registrar, [
      upsert('registration', withoutPersonalData(kept, '2026-12-01'), 1),
      upsert('caseEvent', event),
    ])
    for (const name of names) expect(await tablesHolding(server.db, name), name).toEqual([])
  })
})
