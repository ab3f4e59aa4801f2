/**
 * After a withdrawal of consent, new work on the case keeps no free text about the
 * person, over real HTTP on SQLite and PostgreSQL: an assistance or a referral, or an
 * edit of one, sent by a phone that had not heard of the withdrawal (pushed, merged, kept
 * as a conflict and resolved, carried in a courier file, kept for a supervisor and
 * accepted) is stored with `—` where its text was, the push's answer carries that
 * version, and the text is in no table. A case registered anonymous from the start keeps
 * its notes (withdrawn-case.ts).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NEUTRAL_TEXT, withoutPersonalData } from '@/shared/case-rules'
import { sealCourierBatch } from '@/shared/crypto/courier-file'
import { COURIER_FORMAT, type CourierResponse } from '@/shared/schemas/courier'
import { serverKeysResponseSchema } from '@/shared/schemas/keys'
import type { DecideRejectionsAnswer, RejectionList } from '@/shared/schemas/rejections'
import type { Mutation } from '@/shared/schemas/sync'
import { anonymousRegistration, namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { marker, tablesHolding } from './helpers/traces'
import { batch, push, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('work on a case after a withdrawal of consent (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let colleague: Session
  let late: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    colleague = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    late = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const storedData = async (id: string) => {
    const row = await server.db.selectFrom('records').select('data').where('id', '=', id).executeTakeFirst()
    return JSON.parse(row?.data ?? '{}') as Record<string, unknown>
  }
  const expectNowhere = async (...texts: string[]) => {
    for (const text of texts) expect(await tablesHolding(server.db, text), text).toEqual([])
  }

  /** A named case saved by the colleague, with `before` of its work. */
  async function namedCase(before: (personId: string) => Mutation[] = () => []) {
    const person = namedRegistration({ givenName: 'Hadiza' })
    await pushOk(server, colleague, [upsert('registration', person), ...before(person.id)])
    return person
  }

  /** The colleague's phone withdraws consent as the app does: the anonymous case, then its event. */
  const withdrawal = (person: ReturnType<typeof namedRegistration>) => {
    const { sections: _edit, ...event } = caseEvent(person.id, { kind: 'consent_withdrawn' })
    return {
      registration: upsert('registration', withoutPersonalData(person, '2026-12-01'), 1),
      event: upsert('caseEvent', event),
    }
  }
  async function withdraw(person: ReturnType<typeof namedRegistration>) {
    const { registration, event } = withdrawal(person)
    const answer = await pushOk(server, colleague, [registration, event])
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied'])
  }

  it("stores a late phone's new assistance and referral with neutral text, answers that version, and keeps the text nowhere", async () => {
    const notes = marker('Hadiza sleeps at the bus station')
    const reason = marker('Hadiza needs a surgeon')
    const outcome = marker('Seen by Dr Issa with Hadiza')
    const person = await namedCase()
    await withdraw(person)

    // the late phone still holds the named case: it writes about her, to an IOM unit
    const help = upsert('assistance', assistance(person.id, { notes }))
    const sent = upsert(
      'referral',
      referral(person.id, { to: 'iom_medical', reason, status: 'completed', outcomeNotes: outcome }),
    )
    const { results } = await pushOk(server, late, [help, sent])
    expect(results).toEqual([
      expect.objectContaining({ status: 'applied', rev: 1, data: expect.objectContaining({ notes: NEUTRAL_TEXT }) }),
      expect.objectContaining({
        status: 'applied',
        rev: 1,
        data: expect.objectContaining({ reason: NEUTRAL_TEXT, outcomeNotes: NEUTRAL_TEXT }),
      }),
    ])
    expect(await storedData(help.recordId)).toMatchObject({ registrationId: person.id, type: 'food', notes: '—' })
    expect(await storedData(sent.recordId)).toMatchObject({ to: 'iom_medical', reason: '—', outcomeNotes: '—' })
    await expectNowhere(notes, reason, outcome)

    // the phone sends it again (its answer was lost): the duplicate carries the stored version
    const again = await pushOk(server, late, [help])
    expect(again.results[0]).toMatchObject({ status: 'duplicate', was: 'applied', data: { notes: '—' } })
  })

  it("keeps no text of a late phone's edits of the case's work: applied, merged, kept as a conflict, resolved", async () => {
    const notes = marker('Hadiza asked for a blanket')
    const outcome = marker('Hadiza was operated at the Agadez hospital')
    const rewritten = marker('Hadiza fears her husband')
    const disputed = marker('Hadiza went back to him')
    const quiet = assistance('')
    const closing = referral('', { to: 'iom_medical', reason: 'Fever' })
    const other = referral('', { to: 'iom_protection', reason: 'Threats' })
    const person = await namedCase((personId) =>
      [quiet, closing, other].map((record) =>
        upsert(record === quiet ? 'assistance' : 'referral', { ...record, registrationId: personId }),
      ),
    )
    await withdraw(person)
    expect(await storedData(closing.id)).toMatchObject({ reason: '—' })

    // the late phone holds all three at rev 1: the assistance had no text, so the withdrawal left it there
    const noted = upsert('assistance', { ...quiet, registrationId: person.id, notes }, 1, { changedFields: ['notes'] })
    const closed = { ...closing, registrationId: person.id, status: 'completed' as const, outcomeNotes: outcome }
    const close = upsert('referral', closed, 1, { changedFields: ['status', 'outcomeNotes'] })
    const retold = {
      ...other,
      registrationId: person.id,
      reason: rewritten,
      status: 'declined' as const,
      outcomeNotes: disputed,
    }
    const retell = upsert('referral', retold, 1, { changedFields: ['reason', 'status', 'outcomeNotes'] })
    const { results } = await pushOk(server, late, [noted, close, retell])
    expect(results[0]).toMatchObject({ status: 'applied', rev: 2, data: { notes: '—' } })
    // the server blanked the reason, the phone closed the referral: merged, the outcome blank
    expect(results[1]).toMatchObject({
      status: 'merged',
      data: { status: 'completed', reason: '—', outcomeNotes: '—' },
    })
    // the phone rewrote the blanked reason: a conflict, which holds no text either
    expect(results[2]).toMatchObject({ status: 'conflict', data: { reason: '—' } })
    expect(await storedData(quiet.id)).toMatchObject({ notes: '—' })
    expect(await storedData(closing.id)).toMatchObject({ status: 'completed', reason: '—', outcomeNotes: '—' })
    const conflict = await server.db
      .selectFrom('conflicts')
      .select(['id', 'data'])
      .where('record_id', '=', other.id)
      .executeTakeFirst()
    expect(JSON.parse(conflict?.data ?? '{}')).toMatchObject({ status: 'declined', reason: '—', outcomeNotes: '—' })
    await expectNowhere(notes, outcome, rewritten, disputed)

    // the supervisor's resolution keeps none either, whatever they type
    const typed = marker('Hadiza, seen again on Monday')
    const resolved = await call(server, `/api/v1/conflicts/${conflict?.id}/resolve`, {
      token: supervisor.token,
      body: { choice: 'merged', data: { ...retold, reason: '—', outcomeNotes: typed } },
    })
    expect(resolved.status).toBe(200)
    expect(await storedData(other.id)).toMatchObject({ status: 'declined', reason: '—', outcomeNotes: '—' })
    await expectNowhere(typed)
  })

  it('blanks work stored between the anonymous case and its event, when the event comes in a later batch', async () => {
    const notes = marker('Hadiza, room 4')
    const person = await namedCase()
    const { registration, event } = withdrawal(person)
    expect((await pushOk(server, colleague, [registration])).results[0]?.status).toBe('applied')
    // nothing tells the server yet that this case was named: its work keeps its text
    const help = upsert('assistance', assistance(person.id, { notes }))
    expect((await pushOk(server, late, [help])).results[0]).toMatchObject({ status: 'applied', rev: 1 })
    expect(await storedData(help.recordId)).toMatchObject({ notes })

    expect((await pushOk(server, colleague, [event])).results[0]?.status).toBe('applied')
    expect(await storedData(help.recordId)).toMatchObject({ notes: '—' })
    await expectNowhere(notes)
  })

  it('keeps the notes of a case registered anonymous from the start', async () => {
    const notes = marker('Insulin every morning')
    const person = anonymousRegistration()
    const help = upsert('assistance', assistance(person.id, { notes }))
    const { results } = await pushOk(server, colleague, [upsert('registration', person), help])
    expect(results.map((r) => [r.status, r.data])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
    ])
    expect(await storedData(help.recordId)).toMatchObject({ notes })
  })

  it("stores a late phone's work carried in a courier file with neutral text", async () => {
    const notes = marker('Hadiza hides from her smuggler')
    const person = await namedCase()
    await withdraw(person)
    const keys = serverKeysResponseSchema.parse((await call(server, '/api/v1/keys')).body).keys
    const key = keys.find((k) => k.active)
    if (!key) throw new Error('no active server key')
    const help = upsert('assistance', assistance(person.id, { notes, providedBy: late.user.id }))
    const sender = { userId: late.user.id, pushToken: late.pushToken }
    const file = {
      format: COURIER_FORMAT,
      v: 1,
      deviceId: late.deviceId,
      fileId: randomUUID(),
      createdAt: new Date().toISOString(),
      batches: [
        await sealCourierBatch({
          publicJwk: key.jwk,
          kid: key.kid,
          deviceId: late.deviceId,
          batchId: randomUUID(),
          sender,
          mutations: [help],
        }),
      ],
    }
    const uploaded = await call<CourierResponse>(server, '/api/v1/courier', { token: supervisor.token, body: file })
    expect(uploaded.status).toBe(200)
    expect(uploaded.body.counts.applied).toBe(1)
    expect(await storedData(help.recordId)).toMatchObject({ notes: '—' })
    await expectNowhere(notes)
    // the phone's own push of it then learns the stored version
    const answer = await push(server, late, batch(late, [help]))
    expect(answer.body.results[0]).toMatchObject({ status: 'duplicate', was: 'applied', data: { notes: '—' } })
  })

  it('keeps no text of work kept for a supervisor after the withdrawal, and accepted it is stored blank', async () => {
    const notes = marker('Hadiza, whose brother is in Sebha')
    const author = await signedInUser(server, admin, 'registrar', ['AGZ-TC', 'ARL-TC'])
    const person = await namedCase()
    await withdraw(person)
    // the author lost Agadez while offline, and wrote about her there
    const changed = await call(server, `/api/v1/users/${author.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { sites: ['ARL-TC'] },
    })
    expect(changed.status).toBe(200)
    const help = upsert('assistance', assistance(person.id, { notes }))
    expect((await pushOk(server, author, [help])).results[0]?.status).toBe('rejected')
    const kept = await server.db
      .selectFrom('lost_site_work')
      .selectAll()
      .where('mutation_id', '=', help.mutationId)
      .executeTakeFirst()
    expect(kept).toMatchObject({ about_case_id: person.id, sealed_text: null })

    const records = (await call<RejectionList>(server, '/api/v1/rejections', { token: supervisor.token })).body.records
    const refusal = records.find((r) => r.mutationId === help.mutationId)
    if (!refusal) throw new Error('refusal not listed')
    const decided = await call<DecideRejectionsAnswer>(server, '/api/v1/rejections/accept', {
      token: supervisor.token,
      body: { ids: [refusal.id] },
    })
    expect(decided.body.results).toEqual([expect.objectContaining({ status: 'applied' })])
    expect(await storedData(help.recordId)).toMatchObject({ notes: '—' })
    await expectNowhere(notes)
  })

  it('keeps no text of work kept for the centre the case moved to, after the withdrawal there', async () => {
    const notes = marker('Hadiza cries at night')
    const mover = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC'])
    const person = await namedCase()
    const moved = { ...person, siteCode: 'ARL-TC' }
    const transfer = upsert('registration', moved, 1, { changedFields: ['siteCode'] })
    expect((await pushOk(server, mover, [transfer])).results[0]?.status).toBe('applied')
    const { sections: _edit, ...event } = caseEvent(person.id, { kind: 'consent_withdrawn', siteCode: 'ARL-TC' })
    const withdrawn = await pushOk(server, mover, [
      upsert('registration', withoutPersonalData(moved, '2026-12-01'), 2),
      upsert('caseEvent', event),
    ])
    expect(withdrawn.results.map((r) => r.status)).toEqual(['applied', 'applied'])

    // the colleague, at Agadez only, still holds the case there and writes about her
    const help = upsert('assistance', assistance(person.id, { notes }))
    const refused = await pushOk(server, colleague, [help])
    expect(refused.results[0]?.errors?.map((e) => e.code)).toContain('kept_for_case_site')
    const kept = await server.db
      .selectFrom('lost_site_work')
      .selectAll()
      .where('mutation_id', '=', help.mutationId)
      .executeTakeFirst()
    expect(kept).toMatchObject({ about_case_id: person.id, sealed_text: null })
  })
})
