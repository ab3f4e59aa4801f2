/**
 * The case file on the server (issue 8), over HTTP on each database: case codes at
 * sign-in, case numbers held by one case, reopening by supervisors, transfers between
 * centres (the old site's phones drop the case), and withdrawal of consent (no past
 * version keeps the person's name).
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withoutPersonalData } from '@/shared/case-rules'
import { loginResponseSchema, type LoginResponse } from '@/shared/schemas/auth'
import type { NamedRegistration } from '@/shared/schemas/registration'
import type { Change } from '@/shared/schemas/sync'
import { CASE_CODE_ALPHABET } from '@/server/store/case-codes'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import {
  call,
  login,
  loginAdmin,
  signedInUser,
  startTestServer,
  TEST_PASSWORD,
  type Session,
  type TestServer,
} from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const CODE = new RegExp(`^[${CASE_CODE_ALPHABET}]{2,4}$`)

describe.each(TEST_DATABASES)('the case file on the server (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let registrar: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const signIn = async (username: string, deviceId: string) => {
    const answer = await call<LoginResponse>(server, '/api/v1/auth/login', {
      body: { username, password: TEST_PASSWORD, deviceId },
    })
    expect(answer.status).toBe(200)
    expect(loginResponseSchema.safeParse(answer.body).success).toBe(true)
    return answer.body
  }

  describe('case codes', () => {
    it('gives each device and user a short code of its own, the same at every sign-in', async () => {
      const device = randomUUID()
      const first = await signIn(registrar.user.username, device)
      expect(first.caseCode).toMatch(CODE)
      const again = await signIn(registrar.user.username, device)
      expect(again.caseCode).toBe(first.caseCode)
      const otherDevice = await signIn(registrar.user.username, randomUUID())
      expect(otherDevice.caseCode).toMatch(CODE)
      expect(otherDevice.caseCode).not.toBe(first.caseCode)
      const otherUser = await signIn(supervisor.user.username, device)
      expect(otherUser.caseCode).not.toBe(first.caseCode)
    })

    it('stays unique when many sign in at once, and each pair keeps one code', async () => {
      const users = await Promise.all(
        Array.from({ length: 8 }, () => signedInUser(server, admin, 'registrar', ['AGZ-TC'])),
      )
      const pairs = users.map((user) => ({ username: user.user.username, deviceId: randomUUID() }))
      const answers = await Promise.all(
        pairs.flatMap((pair) => [0, 1, 2].map(() => signIn(pair.username, pair.deviceId).then((a) => ({ pair, a })))),
      )
      const byPair = new Map<string, Set<string | undefined>>()
      for (const { pair, a } of answers) {
        const key = `${pair.deviceId}/${pair.username}`
        byPair.set(key, (byPair.get(key) ?? new Set()).add(a.caseCode))
      }
      for (const codes of byPair.values()) expect(codes.size).toBe(1)
      const rows = await server.db.selectFrom('case_codes').select('code').execute()
      expect(new Set(rows.map((row) => row.code)).size).toBe(rows.length)
    })

    it('draws a longer code when the short ones are all taken', async () => {
      const holder = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
      const taken = new Set((await server.db.selectFrom('case_codes').select('code').execute()).map((r) => r.code))
      const free: string[] = []
      for (const a of CASE_CODE_ALPHABET) for (const b of CASE_CODE_ALPHABET) if (!taken.has(a + b)) free.push(a + b)
      const at = new Date().toISOString()
      for (let i = 0; i < free.length; i += 200) {
        await server.db
          .insertInto('case_codes')
          .values(
            free
              .slice(i, i + 200)
              .map((code) => ({ device_id: randomUUID(), user_id: holder.user.id, code, created_at: at })),
          )
          .execute()
      }
      const answer = await signIn(holder.user.username, randomUUID())
      expect(answer.caseCode).toMatch(/^[2-9A-Z]{3}$/)
    })
  })

  describe('case numbers', () => {
    it('refuses a case number another case holds, in the store or earlier in the batch', async () => {
      const first = namedRegistration({ caseNumber: 'AGZ-7K-0042' })
      const second = namedRegistration({ caseNumber: 'agz-7k-0042' })
      const third = namedRegistration({ caseNumber: 'AGZ-7K-0043' })
      const fourth = namedRegistration({ caseNumber: 'AGZ-7K-0043' })
      const answer = await pushOk(server, registrar, [
        upsert('registration', first),
        upsert('registration', second),
        upsert('registration', third),
        upsert('registration', fourth),
      ])
      expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied', 'rejected'])
      for (const result of [answer.results[1], answer.results[3]]) {
        expect(result?.errors).toEqual([expect.objectContaining({ path: ['caseNumber'], code: 'case_number_taken' })])
      }
      // the case itself keeps its number through an edit; a number let go is free again
      const edited = await pushOk(server, registrar, [
        upsert('registration', { ...first, phone: '+227 90 00 00 00' }, 1),
        upsert('registration', { ...third, caseNumber: 'AGZ-7K-0044' }, 1),
        upsert('registration', fourth),
      ])
      expect(edited.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
      const later = await pushOk(server, supervisor, [
        upsert('registration', { ...namedRegistration(), caseNumber: 'AGZ-7K-0044' }),
      ])
      expect(later.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'case_number_taken' }] })
    })
  })

  it('refuses a conflict resolution that would give a case a number another case holds', async () => {
    const holder = namedRegistration({ caseNumber: 'AGZ-7K-0100' })
    const person = namedRegistration()
    const other = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    await pushOk(server, registrar, [upsert('registration', holder), upsert('registration', person)])
    await pushOk(server, registrar, [
      upsert('registration', { ...person, caseNumber: 'AGZ-7K-0101' }, 1, { changedFields: ['caseNumber'] }),
    ])
    const stale = await pushOk(server, other, [
      upsert('registration', { ...person, caseNumber: 'AGZ-7K-0100' }, 1, { changedFields: ['caseNumber'] }),
    ])
    expect(stale.results[0]?.status).toBe('conflict')
    const listed = await call<{ id: string; recordId: string }[]>(server, '/api/v1/conflicts', {
      token: supervisor.token,
    })
    const conflict = listed.body.find((c) => c.recordId === person.id)
    const answer = await call(server, `/api/v1/conflicts/${conflict?.id ?? ''}/resolve`, {
      token: supervisor.token,
      body: { choice: 'incoming' },
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ issues: [{ path: ['data', 'caseNumber'], code: 'case_number_taken' }] })
  })

  describe('reopening', () => {
    it('lets a supervisor, not a registrar, reopen a case that ended', async () => {
      const open = namedRegistration()
      const closed = { ...open, caseStatus: 'closed' as const, closureReason: 'returned_home' as const }
      const reopened = { ...open, caseStatus: 'assessed' as const }
      expect((await pushOk(server, registrar, [upsert('registration', open)])).results[0]?.status).toBe('applied')
      expect((await pushOk(server, registrar, [upsert('registration', closed, 1)])).results[0]?.status).toBe('applied')
      const refused = await pushOk(server, registrar, [upsert('registration', reopened, 2)])
      expect(refused.results[0]).toMatchObject({
        status: 'rejected',
        errors: [{ path: ['caseStatus'], code: 'reopen_needs_supervisor' }],
      })
      // an older edit of another field merges: it does not reopen the case
      const other = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
      const stale = await pushOk(server, other, [
        upsert('registration', { ...open, phone: '+227 91 00 00 00' }, 1, { changedFields: ['phone'] }),
      ])
      expect(stale.results[0]).toMatchObject({ status: 'merged', data: { caseStatus: 'closed' } })
      const allowed = await pushOk(server, supervisor, [
        upsert('registration', { ...reopened, phone: '+227 91 00 00 00' }, 3),
      ])
      expect(allowed.results[0]?.status).toBe('applied')
    })

    it('sends a reopened case’s work again to every phone, the one that wrote it included, unchanged', async () => {
      const open = namedRegistration()
      const closed = { ...open, caseStatus: 'closed' as const, closureReason: 'left_centre' as const }
      const help = assistance(open.id, { notes: 'Two blankets' })
      const sent = referral(open.id)
      await pushOk(server, registrar, [
        upsert('registration', open),
        upsert('assistance', help),
        upsert('referral', sent),
        upsert('registration', closed, 1),
      ])
      const { cursor } = await pullAll(server, registrar)
      // an edit that leaves the case closed sends nothing else
      await pushOk(server, supervisor, [
        upsert('registration', { ...closed, phone: '+227 91 00 00 01' }, 2, { changedFields: ['phone'] }),
      ])
      expect((await pullAll(server, registrar, 500, cursor)).changes.map((c) => c.recordId)).toEqual([open.id])

      const { cursor: before } = await pullAll(server, registrar)
      const reopening = await pushOk(server, supervisor, [
        upsert('registration', { ...open, caseStatus: 'assessed', phone: '+227 91 00 00 01' }, 3, {
          changedFields: ['caseStatus', 'closureReason'],
        }),
      ])
      expect(reopening.results[0]?.status).toBe('applied')
      const after = await pullAll(server, registrar, 500, before)
      expect(after.changes.map((c) => [c.entity, c.recordId, c.rev])).toEqual([
        ['registration', open.id, 4],
        ['assistance', help.id, 1],
        ['referral', sent.id, 1],
      ])
      expect(after.changes[1]?.data).toMatchObject({ notes: 'Two blankets' })
      // no new version: the history holds what it held
      const versions = await server.db
        .selectFrom('record_versions')
        .select('rev')
        .where('record_id', '=', help.id)
        .execute()
      expect(versions).toHaveLength(1)
    })

    it('lets a supervisor, not a registrar, mark a closed case departed; a withdrawal of consent still closes a departed case', async () => {
      const ready = {
        category: 'avr' as const,
        voluntarinessSigned: true,
        travelDocumentStatus: 'issued' as const,
        fitToTravel: true,
        destinationCountry: 'GIN',
        reintegrationCounselling: true,
      }
      const open = namedRegistration({ avrr: ready })
      const closed = { ...open, caseStatus: 'closed' as const, closureReason: 'left_centre' as const }
      const departed = { ...open, caseStatus: 'departed' as const }
      await pushOk(server, registrar, [upsert('registration', open), upsert('registration', closed, 1)])
      const refused = await pushOk(server, registrar, [upsert('registration', departed, 2)])
      expect(refused.results[0]).toMatchObject({
        status: 'rejected',
        errors: [{ path: ['caseStatus'], code: 'reopen_needs_supervisor' }],
      })
      expect((await pushOk(server, supervisor, [upsert('registration', departed, 2)])).results[0]?.status).toBe(
        'applied',
      )
      // back to closed: a change of how the case ended, refused to the registrar
      const reclosed = await pushOk(server, registrar, [upsert('registration', closed, 3)])
      expect(reclosed.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'reopen_needs_supervisor' }] })
      // the person withdraws consent: the anonymous case closes (withoutPersonalData), whoever records it
      const withdrawn = withoutPersonalData(departed, '2026-12-01')
      expect(withdrawn.caseStatus).toBe('closed')
      const answer = await pushOk(server, registrar, [upsert('registration', withdrawn, 3)])
      expect(answer.results[0]?.status).toBe('applied')
    })
  })

  describe('transfer', () => {
    const byId = (changes: Change[], id: string) => changes.filter((change) => change.recordId === id)

    it('moves the case and its records to the receiving centre; the old site’s phones drop it', async () => {
      const agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
      const niamey = await signedInUser(server, admin, 'registrar', ['NIA-TC1'])
      const both = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'NIA-TC1'])
      const person = namedRegistration()
      const help = assistance(person.id)
      const sent = referral(person.id)
      const registered = caseEvent(person.id)
      await pushOk(server, registrar, [
        upsert('registration', person),
        upsert('assistance', help),
        upsert('referral', sent),
        upsert('caseEvent', registered),
      ])
      const before = await pullAll(server, agadez)
      expect(byId(before.changes, person.id)).toHaveLength(1)
      const beforeBoth = await pullAll(server, both)
      const niameyBefore = await pullAll(server, niamey)

      const moved = { ...person, siteCode: 'NIA-TC1' }
      const event = caseEvent(person.id, { kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'NIA-TC1' })
      const answer = await pushOk(server, registrar, [
        upsert('registration', moved, 1, { changedFields: ['siteCode'] }),
        upsert('caseEvent', event),
      ])
      expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied'])

      const received = await pullAll(server, niamey, 500, niameyBefore.cursor)
      for (const id of [person.id, help.id, sent.id, registered.id, event.id]) {
        const [change] = byId(received.changes, id)
        expect(change).toMatchObject({ deleted: false, data: { siteCode: 'NIA-TC1' } })
      }
      const left = await pullAll(server, agadez, 500, before.cursor)
      for (const id of [person.id, help.id, sent.id, registered.id, event.id]) {
        expect(byId(left.changes, id)).toEqual([expect.objectContaining({ deleted: true })])
      }
      // page by page, the same changes in the same order
      const paged = await pullAll(server, agadez, 1, before.cursor)
      expect(paged.changes).toEqual(left.changes)
      // the phone that made the transfer is told too
      const own = await pullAll(server, registrar)
      expect(byId(own.changes, person.id)).toEqual([expect.objectContaining({ deleted: true })])
      // covering both centres: the new versions, no deletion
      const seenByBoth = await pullAll(server, both, 500, beforeBoth.cursor)
      for (const id of [person.id, help.id, sent.id, registered.id]) {
        expect(byId(seenByBoth.changes, id)).toEqual([
          expect.objectContaining({ deleted: false, data: expect.objectContaining({ siteCode: 'NIA-TC1' }) }),
        ])
      }
      // a new phone at the old site never gets the case's content
      const fresh = await pullAll(server, await login(server, agadez.user.username, TEST_PASSWORD))
      expect(byId(fresh.changes, help.id).every((change) => change.deleted)).toBe(true)
      // the history moved with it: the records' versions at the new site are the server's
      const versions = await server.db
        .selectFrom('record_versions')
        .select(['rev', 'device_id'])
        .where('record_id', '=', help.id)
        .orderBy('rev')
        .execute()
      expect(versions).toEqual([expect.objectContaining({ rev: 1 }), { rev: 2, device_id: 'relais-server' }])
      // the old site no longer writes to it: its late work is kept for a supervisor of the
      // case's centre now (moved-case-work.test.ts), never stored at the old site
      const late = await pushOk(server, agadez, [upsert('assistance', assistance(person.id))])
      expect(late.results[0]).toMatchObject({
        status: 'rejected',
        errors: [{ code: 'unavailable' }, { code: 'kept_for_case_site' }],
      })
    })

    it('moves a case only to an active transit centre', async () => {
      const person = namedRegistration()
      await pushOk(server, registrar, [upsert('registration', person)])
      await server.db.updateTable('sites').set({ active: 0 }).where('code', '=', 'NIA-TC2').execute()
      const answer = await pushOk(server, registrar, [
        upsert('registration', { ...person, siteCode: 'ARL-FMP' }, 1),
        upsert('registration', { ...person, siteCode: 'NIA-TC2' }, 1),
      ])
      for (const result of answer.results) {
        expect(result).toMatchObject({
          status: 'rejected',
          errors: [{ path: ['siteCode'], code: 'not_an_active_centre' }],
        })
      }
      // nor does its timeline say it moved there
      const told = await pushOk(server, registrar, [
        upsert('caseEvent', caseEvent(person.id, { kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'NIA-TC2' })),
      ])
      expect(told.results[0]).toMatchObject({
        status: 'rejected',
        errors: [{ path: ['toSite'], code: 'not_an_active_centre' }],
      })
      // a new case still starts at the user's own site only
      const elsewhere = await pushOk(server, registrar, [
        upsert('registration', namedRegistration({ siteCode: 'NIA-TC1' })),
      ])
      expect(elsewhere.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'forbidden' }] })
    })
  })

  describe('timeline entries the server writes', () => {
    it('refuses a case event a phone sends as a supervisor’s merge, its undoing or a conflict’s resolution', async () => {
      const person = namedRegistration()
      await pushOk(server, registrar, [upsert('registration', person)])
      // each in the name of the phone's own user: refused for their kind alone
      const claimed = (by: string) => [
        caseEvent(person.id, { kind: 'merged', recordId: randomUUID(), sections: undefined, by }),
        caseEvent(person.id, { kind: 'merge_undone', recordId: randomUUID(), sections: undefined, by }),
        caseEvent(person.id, {
          kind: 'conflict_resolved',
          recordId: person.id,
          choice: 'incoming',
          sections: undefined,
          by,
        }),
      ]
      // a supervisor's phone no more than a registrar's: these are written by the console's actions only
      for (const session of [registrar, supervisor]) {
        const answer = await pushOk(
          server,
          session,
          claimed(session.user.id).map((event) => upsert('caseEvent', event)),
        )
        for (const result of answer.results) {
          expect(result).toMatchObject({ status: 'rejected', errors: [{ path: ['kind'], code: 'written_by_server' }] })
        }
      }
      const timeline = (await pullAll(server, supervisor)).changes.filter(
        (c) => c.entity === 'caseEvent' && c.data?.registrationId === person.id,
      )
      expect(timeline).toEqual([])
      // what a phone writes goes on as before
      const edited = await pushOk(server, registrar, [upsert('caseEvent', caseEvent(person.id))])
      expect(edited.results[0]).toMatchObject({ status: 'applied' })
    })
  })

  describe('withdrawal of consent', () => {
    it('leaves no trace of the person in the case’s history, conflicts, referrals or assistance', async () => {
      const other = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
      const person: NamedRegistration = namedRegistration({
        givenName: 'Zeinabou',
        familyName: 'Abdoulkarim',
        phone: '+227 96 12 34 56',
        caseNumber: 'AGZ-Q9-0001',
        placeOfBirth: 'Tessaoua',
      })
      // to an IOM unit: a referral the anonymous case may still have, edited below by a late phone
      const sent = referral(person.id, {
        to: 'iom_medical',
        reason: 'Zeinabou Abdoulkarim needs a doctor',
        status: 'completed',
        outcomeNotes: 'Zeinabou seen',
      })
      const help = assistance(person.id, { notes: 'Given to Zeinabou in person' })
      await pushOk(server, registrar, [
        upsert('registration', person),
        upsert('referral', sent),
        upsert('assistance', help),
      ])
      await pushOk(server, registrar, [
        upsert('registration', { ...person, givenName: 'Zeïnabou' }, 1, { changedFields: ['givenName'] }),
      ])
      // a concurrent edit of the same field waits for a supervisor, with the name in it
      const conflict = await pushOk(server, other, [
        upsert('registration', { ...person, givenName: 'Zeinabou A.' }, 1, { changedFields: ['givenName'] }),
      ])
      expect(conflict.results[0]?.status).toBe('conflict')
      const beforeCursor = (await pullAll(server, other)).cursor

      const current = { ...person, givenName: 'Zeïnabou' }
      const withdrawn = withoutPersonalData(current, '2026-12-01')
      const answer = await pushOk(server, registrar, [upsert('registration', withdrawn, 2)])
      expect(answer.results[0]?.status).toBe('applied')
      // a phone that had not heard of it edits the named case: kept for a supervisor, without the name
      const late = await pushOk(server, other, [
        upsert('registration', { ...person, occupation: 'Tailor' }, 1, { changedFields: ['occupation'] }),
      ])
      expect(late.results[0]).toMatchObject({ status: 'conflict', data: { consentProcessing: false } })
      // nor its assistance and referral, whose text it edits (the field named): never merged
      // back over the blank the withdrawal left, and kept for a supervisor without the text
      const lateText = await pushOk(server, other, [
        upsert('assistance', { ...help, notes: 'Zeinabou sleeps at the bus station' }, 1, { changedFields: ['notes'] }),
        upsert('referral', { ...sent, reason: 'Zeinabou Abdoulkarim needs a surgeon' }, 1, {
          changedFields: ['reason'],
        }),
      ])
      expect(lateText.results.map((result) => result.status)).toEqual(['conflict', 'conflict'])

      for (const name of ['Zeinabou', 'Zeïnabou', 'Abdoulkarim', 'Tessaoua', '96 12 34 56']) {
        const like = `%${name}%`
        const found = await sql<{ n: number }>`
          select count(*) as n from (
            select data from records where data like ${like}
            union all select data from record_versions where data like ${like}
            union all select data from conflicts where data like ${like}
          ) hits`.execute(server.db)
        expect(Number(found.rows[0]?.n), name).toBe(0)
      }
      // past versions are the anonymous projection, the case number kept
      const past = await server.db
        .selectFrom('record_versions')
        .select(['rev', 'data'])
        .where('record_id', '=', person.id)
        .orderBy('rev')
        .execute()
      expect(past.map((row) => row.rev)).toEqual([1, 2, 3])
      for (const row of past) {
        expect(JSON.parse(row.data ?? '{}')).toMatchObject({
          consentProcessing: false,
          consentDate: '2026-12-01',
          caseNumber: 'AGZ-Q9-0001',
          ageGroup: '18_59',
        })
      }
      // the other phones get the referral and the assistance without their free text
      const pulled = await pullAll(server, other, 500, beforeCursor)
      const referralNow = pulled.changes.find((change) => change.recordId === sent.id)
      const helpNow = pulled.changes.find((change) => change.recordId === help.id)
      expect(referralNow).toMatchObject({ rev: 2, data: { reason: '—', outcomeNotes: '—' } })
      expect(helpNow).toMatchObject({ rev: 2, data: { notes: '—' } })
      // and the supervisor's conflict view shows no name either
      const conflicts = await call<unknown[]>(server, '/api/v1/conflicts', { token: supervisor.token })
      expect(conflicts.status).toBe(200)
      expect(JSON.stringify(conflicts.body)).toContain(person.id)
      expect(JSON.stringify(conflicts.body)).not.toContain('Zeinabou')
    })
  })
})
