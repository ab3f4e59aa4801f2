/**
 * A withdrawal of consent reaches work kept for a supervisor at a lost site, over real
 * HTTP on SQLite and PostgreSQL: a kept new assistance or referral, or an edit of one,
 * loses its free text when the person withdraws consent, so that accepting it afterwards
 * stores `—` as the withdrawal left the case's records, and no trace of the text stays in
 * the database; work kept before the text was sealed apart is brought to that form at
 * start. Kept content goes as soon as its refusal closes, however it closes: when the
 * same phone later gets the record accepted, and (migration 0022) where that happened
 * before.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, migrateUpTo } from '@/server/db/migrate'
import { prepareDatabase } from '@/server/prepare-database'
import { activeServerKey, openKeptWork } from '@/server/store/kept-work-seal'
import { ServerKeyring } from '@/server/store/server-keys'
import { withoutPersonalData } from '@/shared/case-rules'
import { utf8 } from '@/shared/crypto/encoding'
import { sealJson } from '@/shared/crypto/sealed-batch'
import type { DecideRejectionsAnswer, RejectedRecord, RejectionList } from '@/shared/schemas/rejections'
import type { Registration } from '@/shared/schemas/registration'
import type { Mutation } from '@/shared/schemas/sync'
import { anonymousRegistration, namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { marker, tablesHolding } from './helpers/traces'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('a withdrawal of consent reaches kept work (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  let colleague: Session
  let keys: ServerKeyring
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    colleague = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    keys = new ServerKeyring(server.db, undefined)
    await keys.init()
  })
  afterAll(() => server.close())

  const keptRows = () => server.db.selectFrom('lost_site_work').selectAll().execute()
  const keptRowOf = async (mutation: Mutation) =>
    (await keptRows()).find((row) => row.mutation_id === mutation.mutationId)
  const accept = async (ids: string[]) => {
    const answer = await call<DecideRejectionsAnswer>(server, '/api/v1/rejections/accept', {
      token: supervisor.token,
      body: { ids },
    })
    expect(answer.status).toBe(200)
    return answer.body.results
  }
  const storedData = async (id: string) => {
    const row = await server.db.selectFrom('records').select('data').where('id', '=', id).executeTakeFirst()
    return JSON.parse(row?.data ?? '{}') as Record<string, unknown>
  }
  const setSites = async (user: Session, sites: string[]) => {
    const changed = await call(server, `/api/v1/users/${user.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { sites },
    })
    expect(changed.status).toBe(200)
  }
  /** A colleague's phone withdraws consent as the app does: the anonymous case, then its event. */
  const withdraw = async (person: Registration, baseRev = 1) => {
    const withdrawn = withoutPersonalData(person, '2026-12-01')
    const { sections: _edit, ...event } = caseEvent(person.id, { kind: 'consent_withdrawn' })
    const answer = await pushOk(server, colleague, [
      upsert('registration', withdrawn, baseRev),
      upsert('caseEvent', event),
    ])
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied'])
  }

  /** A registrar of AGZ-TC and ARL-TC who saved `person` (with `before` of their case) at AGZ-TC, then lost AGZ-TC. */
  async function registrarWhoLostAgadez(
    before: (personId: string) => Mutation[] = () => [],
    person: Registration = namedRegistration({ givenName: 'Hadiza' }),
  ) {
    const author = await signedInUser(server, admin, 'registrar', ['AGZ-TC', 'ARL-TC'])
    await pushOk(server, author, [upsert('registration', person), ...before(person.id)])
    await setSites(author, ['ARL-TC'])
    return { author, person }
  }

  /** Pushes work the server refuses and keeps at the lost site; answers each refusal's id. */
  async function keptAtLostSite(author: Session, mutations: Mutation[]): Promise<string[]> {
    const { results } = await pushOk(server, author, mutations)
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'rejected'))
    const records = (await call<RejectionList>(server, '/api/v1/rejections', { token: supervisor.token })).body.records
    return mutations.map((m) => {
      const entry: RejectedRecord | undefined = records.find((r) => r.mutationId === m.mutationId)
      if (entry?.kind !== 'lost_site') throw new Error(`refusal of ${m.mutationId} not kept`)
      return entry.id
    })
  }

  it('erases the kept text of an assistance and a referral: accepted after the withdrawal, they are stored blank, and no trace is left', async () => {
    const notes = marker('Hadiza sleeps at the bus station')
    const reason = marker('Hadiza needs a surgeon')
    const outcome = marker('Seen by Dr Issa with Hadiza')
    const edited = marker('Hadiza asked for a blanket')
    const earlier = assistance('', { notes: 'Food' })
    const { author, person } = await registrarWhoLostAgadez((personId) => [
      upsert('assistance', { ...earlier, registrationId: personId }),
    ])
    const help = upsert('assistance', assistance(person.id, { notes }))
    // to an IOM unit: a case without consent may still be referred there
    const sent = upsert(
      'referral',
      referral(person.id, { to: 'iom_medical', reason, status: 'completed', outcomeNotes: outcome }),
    )
    const edit = upsert('assistance', { ...earlier, registrationId: person.id, notes: edited }, 1, {
      changedFields: ['notes'],
    })
    const ids = await keptAtLostSite(author, [help, sent, edit])
    // kept with the text apart and the case in clear
    for (const mutation of [help, sent, edit]) {
      expect(await keptRowOf(mutation)).toMatchObject({ about_case_id: person.id, sealed_text: expect.any(String) })
    }

    await withdraw(person)
    for (const mutation of [help, sent, edit]) expect((await keptRowOf(mutation))?.sealed_text).toBeNull()

    const decided = await accept(ids)
    expect(decided.map((d) => d.status)).toEqual(['applied', 'applied', 'merged'])
    expect(await storedData(help.recordId)).toMatchObject({ registrationId: person.id, notes: '—' })
    expect(await storedData(sent.recordId)).toMatchObject({ reason: '—', outcomeNotes: '—' })
    expect(await storedData(earlier.id)).toMatchObject({ notes: '—' })
    // nowhere in the database: not the records, their versions, the conflict, the kept work, the audit
    for (const text of [notes, reason, outcome, edited]) expect(await tablesHolding(server.db, text), text).toEqual([])
  })

  it('gives the kept text back when accepted without a withdrawal', async () => {
    const notes = marker('Blanket for her son')
    const { author, person } = await registrarWhoLostAgadez()
    const help = upsert('assistance', assistance(person.id, { notes }))
    const [id] = await keptAtLostSite(author, [help])
    expect(await accept([id as string])).toEqual([{ id, status: 'applied', rev: 1 }])
    expect(await storedData(help.recordId)).toMatchObject({ notes })
  })

  it('brings work kept before the text was sealed apart to that form at start, so that a withdrawal reaches it', async () => {
    const { author, person } = await registrarWhoLostAgadez()
    const other = await registrarWhoLostAgadez()
    const unnamed = await registrarWhoLostAgadez(() => [], anonymousRegistration())
    const notes = marker('Hadiza, room 4')
    const already = marker('Hadiza before the upgrade')
    const bed = marker('Bed 12, the boy without a name')
    const help = upsert('assistance', assistance(person.id, { notes }))
    const late = upsert('assistance', assistance(other.person.id, { notes: already }))
    const anonymous = upsert('assistance', assistance(unnamed.person.id, { notes: bed }))
    const [helpId] = await keptAtLostSite(author, [help])
    const [lateId] = await keptAtLostSite(other.author, [late])
    const [anonymousId] = await keptAtLostSite(unnamed.author, [anonymous])
    // as the server kept them before migration 0022: the whole mutation sealed, no case named
    const key = await activeServerKey(server.db)
    if (!key) throw new Error('no server key')
    for (const mutation of [help, late, anonymous]) {
      const row = await keptRowOf(mutation)
      if (!row) throw new Error('not kept')
      const sent = await openKeptWork(keys, { ...row, sealedText: row.sealed_text, mutationId: row.mutation_id })
      const aad = utf8(`relais-lost-site.${mutation.mutationId}`)
      const sealed = JSON.stringify(await sealJson(key.publicJwk, key.kid, aad, utf8(JSON.stringify(sent))))
      await server.db
        .updateTable('lost_site_work')
        .set({ sealed, sealed_text: null, about_case_id: null })
        .where('mutation_id', '=', mutation.mutationId)
        .execute()
    }
    // the other person withdrew consent before the upgrade, when nothing could reach the work
    await withdraw(other.person)

    await prepareDatabase(server.db, { admin: { username: 'admin', password: undefined }, keySecret: undefined })
    expect(await keptRowOf(help)).toMatchObject({ about_case_id: person.id, sealed_text: expect.any(String) })
    expect(await keptRowOf(late)).toMatchObject({ about_case_id: other.person.id, sealed_text: null })
    // anonymous from the start, never withdrawn: its notes name no one and serve the person
    expect(await keptRowOf(anonymous)).toMatchObject({
      about_case_id: unnamed.person.id,
      sealed_text: expect.any(String),
    })
    expect(await accept([anonymousId as string])).toEqual([{ id: anonymousId, status: 'applied', rev: 1 }])
    expect(await storedData(anonymous.recordId)).toMatchObject({ notes: bed })

    await withdraw(person)
    expect((await keptRowOf(help))?.sealed_text).toBeNull()
    expect((await accept([helpId as string, lateId as string])).map((d) => d.status)).toEqual(['applied', 'applied'])
    expect(await storedData(help.recordId)).toMatchObject({ notes: '—' })
    expect(await storedData(late.recordId)).toMatchObject({ notes: '—' })
    for (const text of [notes, already]) expect(await tablesHolding(server.db, text), text).toEqual([])
  })

  it('deletes the kept content when the same phone later gets the record accepted', async () => {
    const { author, person } = await registrarWhoLostAgadez()
    const record = assistance(person.id, { notes: marker('For Hadiza') })
    const [id] = await keptAtLostSite(author, [upsert('assistance', record)])
    expect((await keptRows()).map((row) => row.rejection_id)).toContain(id)
    // the site comes back, and the phone sends the record again, fixed: accepted, the refusal closes
    await setSites(author, ['AGZ-TC', 'ARL-TC'])
    const again = await pushOk(server, author, [upsert('assistance', record)])
    expect(again.results[0]?.status).toBe('applied')
    const refusal = await server.db
      .selectFrom('rejections')
      .select('closed_how')
      .where('id', '=', id as string)
      .executeTakeFirst()
    expect(refusal?.closed_how).toBe('accepted')
    // nothing can accept what was kept any more: it goes with the refusal
    expect((await keptRows()).map((row) => row.rejection_id)).not.toContain(id)
  })
})

describe.each(TEST_DATABASES)('migration 0022, the case of kept work (%s)', (database) => {
  let server: TestServer | undefined
  afterAll(() => server?.close())

  it('names the case of work kept because its case moved, and deletes kept content whose refusal closed', async () => {
    const [open, closed, gone, moved] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()]
    const caseId = randomUUID()
    server = await startTestServer(
      {},
      {
        database,
        migrate: async (db) => {
          await migrateUpTo(db, '0021-moved-case-work')
          const refusal = (id: string, closedAt: string | null) => ({
            id,
            mutation_id: randomUUID(),
            record_id: randomUUID(),
            entity: 'assistance' as const,
            site_code: 'AGZ-TC',
            device_id: randomUUID(),
            user_id: randomUUID(),
            errors: '[]',
            rejected_at: '2026-11-29T10:00:00.000Z',
            closed_at: closedAt,
            closed_how: closedAt === null ? null : ('accepted' as const),
          })
          await db
            .insertInto('rejections')
            .values([refusal(open, null), refusal(closed, '2026-11-30T10:00:00.000Z'), refusal(moved, null)])
            .execute()
          // `gone`: kept content whose refusal is no longer there at all
          const kept = (id: string, case_id: string | null) => ({
            rejection_id: id,
            mutation_id: randomUUID(),
            kid: 'k1',
            sealed: '{}',
            kept_at: '2026-11-29T10:00:00.000Z',
            case_id,
            sealed_text: null,
          })
          await db
            .insertInto('lost_site_work')
            .values([kept(open, null), kept(closed, null), kept(gone, null), kept(moved, caseId)])
            .execute()
          await migrateToLatest(db)
        },
      },
    )
    const rows = await server.db
      .selectFrom('lost_site_work')
      .select(['rejection_id', 'about_case_id'])
      .orderBy('rejection_id')
      .execute()
    expect(rows).toEqual(
      [
        { rejection_id: open, about_case_id: null },
        { rejection_id: moved, about_case_id: caseId },
      ].sort((a, b) => a.rejection_id.localeCompare(b.rejection_id)),
    )
  })
})
