/**
 * A case's work never predates its registration day (CASE_RULES, shared/case-rules.ts),
 * on each database: an assistance given, a referral sent or a planned travel day before
 * it is refused at push (`before_registration`, at the field) and in a conflict's
 * resolution; the same day is fine; a record stored before the rule, or moved by a merge
 * to a case registered later, still pulls and takes the edits that leave its day alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { namedRegistration } from '../helpers/records'
import { assistance, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const REGISTERED = '2026-12-01'
const AVRR: NonNullable<NamedRegistration['avrr']> = {
  category: 'avr',
  voluntarinessSigned: true,
  travelDocumentStatus: 'requested',
  destinationCountry: 'GIN',
  reintegrationCounselling: false,
}

describe.each(TEST_DATABASES)('the registration day bounds the case’s work (%s)', (database) => {
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

  /** A case the registrar registered (its records name their author: not_the_author). */
  const registered = async (overrides: Partial<NamedRegistration> = {}) => {
    const person = namedRegistration({
      registeredOn: REGISTERED,
      consentDate: REGISTERED,
      registeredBy: registrar.user.id,
      ...overrides,
    })
    await pushOk(server, registrar, [upsert('registration', person)])
    return person
  }

  /** Stores `data` as the record's current version, as a server filled before the rule would hold it. */
  const storedAsLegacy = async (id: string, data: object) => {
    const json = JSON.stringify(data)
    const row = await server.db.selectFrom('records').select('rev').where('id', '=', id).executeTakeFirstOrThrow()
    await server.db.updateTable('records').set({ data: json }).where('id', '=', id).execute()
    await server.db
      .updateTable('record_versions')
      .set({ data: json })
      .where('record_id', '=', id)
      .where('rev', '=', row.rev)
      .execute()
  }

  it('refuses an assistance or a referral dated before the registration day, at its date', async () => {
    const person = await registered()
    const early = assistance(person.id, { providedOn: '2020-01-01' })
    const sent = referral(person.id, { sentOn: '2026-11-30', statusOn: '2026-11-30' })
    const { results } = await pushOk(server, registrar, [upsert('assistance', early), upsert('referral', sent)])
    expect(results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['providedOn'], code: 'before_registration' }],
    })
    expect(results[1]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['sentOn'], code: 'before_registration' }],
    })
    const stored = await server.db.selectFrom('records').select('id').where('id', 'in', [early.id, sent.id]).execute()
    expect(stored).toEqual([])
  })

  it('takes work recorded on the registration day itself, and a registration pushed in the same batch', async () => {
    const person = namedRegistration({ registeredOn: REGISTERED, consentDate: REGISTERED })
    const { results } = await pushOk(server, registrar, [
      upsert('registration', person),
      upsert('assistance', assistance(person.id, { providedOn: REGISTERED })),
      upsert('referral', referral(person.id, { sentOn: REGISTERED, statusOn: REGISTERED })),
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
  })

  it('refuses an edit that moves the day before the registration day', async () => {
    const person = await registered()
    const help = assistance(person.id, { providedOn: REGISTERED })
    await pushOk(server, registrar, [upsert('assistance', help)])
    const { results } = await pushOk(server, registrar, [
      upsert('assistance', { ...help, providedOn: '2026-11-02' }, 1),
    ])
    expect(results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'before_registration' }] })
  })

  it('refuses a travel-ready day before the registration day, on a new case or an edit of either day', async () => {
    const fresh = namedRegistration({
      registeredOn: REGISTERED,
      consentDate: REGISTERED,
      avrr: { ...AVRR, travelReadyOn: '1999-01-01' },
    })
    const created = await pushOk(server, registrar, [upsert('registration', fresh)])
    expect(created.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['avrr', 'travelReadyOn'], code: 'before_registration' }],
    })
    const person = await registered({ avrr: { ...AVRR, travelReadyOn: REGISTERED } })
    // the registration day moved after the travel day
    const later = { ...person, registeredOn: '2026-12-02', consentDate: '2026-12-02' }
    const moved = await pushOk(server, registrar, [upsert('registration', later, 1)])
    expect(moved.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'before_registration' }] })
    const planned = { ...person, avrr: { ...AVRR, travelReadyOn: '2026-12-20' } }
    expect((await pushOk(server, registrar, [upsert('registration', planned, 1)])).results[0]?.status).toBe('applied')
  })

  it('still pulls a case whose records were stored before the rule, and takes the edits that leave their days alone', async () => {
    const person = await registered({ avrr: { ...AVRR, travelReadyOn: REGISTERED } })
    const help = assistance(person.id, { providedOn: REGISTERED, providedBy: registrar.user.id })
    const sent = referral(person.id, { sentOn: REGISTERED, statusOn: REGISTERED })
    await pushOk(server, registrar, [upsert('assistance', help), upsert('referral', sent)])
    const legacyPerson = { ...person, avrr: { ...AVRR, travelReadyOn: '1999-01-01' } }
    const legacyHelp = { ...help, providedOn: '2020-01-01' }
    const legacySent = { ...sent, sentOn: '2020-01-01', statusOn: '2020-01-01' }
    await storedAsLegacy(person.id, legacyPerson)
    await storedAsLegacy(help.id, legacyHelp)
    await storedAsLegacy(sent.id, legacySent)

    // another phone of the site pulls them as stored
    const pulled = (await pullAll(server, supervisor)).changes
    expect(pulled.find((c) => c.recordId === help.id)).toMatchObject({ data: { providedOn: '2020-01-01' } })
    expect(pulled.find((c) => c.recordId === person.id)).toMatchObject({
      data: { avrr: { travelReadyOn: '1999-01-01' } },
    })

    const { results } = await pushOk(server, registrar, [
      upsert('registration', { ...legacyPerson, phone: '+227 91 22 33 44' }, 1),
      upsert('assistance', { ...legacyHelp, notes: 'Two meals' }, 1),
      upsert('referral', { ...legacySent, status: 'accepted', statusOn: REGISTERED }, 1),
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
    // a change of the day itself is checked
    const again = await pushOk(server, registrar, [
      upsert('assistance', { ...legacyHelp, providedOn: '2021-01-01' }, 2),
    ])
    expect(again.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'before_registration' }] })
  })

  it('keeps the survivor’s registration day after a merge: the work moved from an earlier case still takes edits', async () => {
    const keep = await registered({ givenName: 'Hadiza', familyName: 'Maïga', sex: 'female' })
    const merged = namedRegistration({
      givenName: 'Hadiza',
      familyName: 'Maiga',
      sex: 'female',
      registeredOn: '2026-11-20',
      consentDate: '2026-11-20',
    })
    const help = assistance(merged.id, { providedOn: '2026-11-21' })
    await pushOk(server, registrar, [upsert('registration', merged), upsert('assistance', help)])
    const answer = await call(server, '/api/v1/duplicates/merge', {
      token: supervisor.token,
      body: { keepId: keep.id, mergeId: merged.id },
    })
    expect(answer.status).toBe(200)
    const moved = (await pullAll(server, registrar)).changes.filter((c) => c.recordId === help.id).at(-1)
    expect(moved).toMatchObject({ rev: 2, data: { registrationId: keep.id, providedOn: '2026-11-21' } })
    const notes = { ...help, registrationId: keep.id, notes: 'Blanket' }
    expect((await pushOk(server, registrar, [upsert('assistance', notes, 2)])).results[0]?.status).toBe('applied')
    // new work on the survivor is bound by its own registration day
    const early = await pushOk(server, registrar, [
      upsert('assistance', assistance(keep.id, { providedOn: '2026-11-21' })),
    ])
    expect(early.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'before_registration' }] })
  })

  it('refuses a registration day moved after the day of the case’s work, and takes it up to that day', async () => {
    const person = await registered()
    await pushOk(server, registrar, [
      upsert('assistance', assistance(person.id, { providedOn: '2026-12-04' })),
      upsert('referral', referral(person.id, { sentOn: '2026-12-03', statusOn: '2026-12-03' })),
    ])
    const late = { ...person, registeredOn: '2026-12-04', consentDate: '2026-12-04' }
    const refused = await pushOk(server, registrar, [upsert('registration', late, 1)])
    expect(refused.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['registeredOn'], code: 'before_registration' }],
    })
    const upTo = { ...person, registeredOn: '2026-12-03', consentDate: '2026-12-03' }
    expect((await pushOk(server, registrar, [upsert('registration', upTo, 1)])).results[0]?.status).toBe('applied')
    // earlier is always fine
    expect((await pushOk(server, registrar, [upsert('registration', person, 2)])).results[0]?.status).toBe('applied')
  })

  it('lets the registration day move past work that was already before it (kept from before the rule)', async () => {
    const person = await registered()
    const help = assistance(person.id, { providedOn: REGISTERED })
    await pushOk(server, registrar, [upsert('assistance', help)])
    await storedAsLegacy(help.id, { ...help, providedOn: '2026-11-01' })
    const later = { ...person, registeredOn: '2026-12-02', consentDate: '2026-12-02' }
    expect((await pushOk(server, registrar, [upsert('registration', later, 1)])).results[0]?.status).toBe('applied')
  })

  it('refuses a conflict’s resolution that takes a day before the registration day', async () => {
    const person = await registered()
    const help = assistance(person.id, { providedOn: REGISTERED, providedBy: registrar.user.id })
    await pushOk(server, registrar, [upsert('assistance', help)])
    // the server's version moves on; a stale edit of the same field is a conflict
    await pushOk(server, supervisor, [
      upsert('assistance', { ...help, providedOn: '2026-12-03' }, 1, { changedFields: ['providedOn'] }),
    ])
    const stale = await pushOk(server, registrar, [
      upsert('assistance', { ...help, quantity: 3 }, 1, { changedFields: ['quantity'] }),
    ])
    expect(stale.results[0]?.status).toBe('merged')
    const conflicting = await pushOk(server, registrar, [
      upsert('assistance', { ...help, providedOn: '2026-12-02' }, 1, { changedFields: ['providedOn'] }),
    ])
    expect(conflicting.results[0]?.status).toBe('conflict')
    const row = await server.db
      .selectFrom('conflicts')
      .select('id')
      .where('record_id', '=', help.id)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow()
    const resolved = await call<{ issues?: { path: string[]; code: string }[] }>(
      server,
      `/api/v1/conflicts/${row.id}/resolve`,
      {
        token: supervisor.token,
        body: { choice: 'merged', data: { ...help, providedOn: '2026-11-01', updatedAt: new Date().toISOString() } },
      },
    )
    expect(resolved.status).toBe(400)
    expect(resolved.body.issues).toEqual([
      expect.objectContaining({ path: ['data', 'providedOn'], code: 'before_registration' }),
    ])
  })
})
