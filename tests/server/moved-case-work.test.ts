/**
 * Nothing recorded is lost when a case moves while a registrar works offline, over real
 * HTTP on SQLite and PostgreSQL. A registrar of Agadez alone records an assistance, a
 * referral, a referral's outcome and an edit of the case for a person in front of them;
 * meanwhile another phone transferred the case to Arlit. The push refuses the work, which
 * no edit on the phone can fix; the server keeps it, sealed, for a supervisor of Arlit
 * (`kept_for_case_site`), who accepts it (stored at the case's site as the author's, and
 * Arlit's phones pull it) or discards it. Only a viewer of the case's site reads it, a
 * withdrawal of consent erases its free text, and work the author never had a case for
 * keeps nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withoutPersonalData } from '@/shared/case-rules'
import type { RejectedRecord, RejectionList, DecideRejectionsAnswer } from '@/shared/schemas/rejections'
import type { Mutation, PushResult } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const KEPT = { path: [], code: 'kept_for_case_site' }

describe.each(TEST_DATABASES)('work on a case that moved away from its author (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let author: Session
  let mover: Session
  let arlitSupervisor: Session
  let agadezSupervisor: Session
  let arlitColleague: Session
  let dirkouSupervisor: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    author = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    mover = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC', 'DRK-TC'])
    arlitSupervisor = await signedInUser(server, admin, 'supervisor', ['ARL-TC'])
    agadezSupervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    arlitColleague = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    dirkouSupervisor = await signedInUser(server, admin, 'supervisor', ['DRK-TC'])
  })
  afterAll(() => server.close())

  const listed = async (session: Session): Promise<RejectedRecord[]> =>
    (await call<RejectionList>(server, '/api/v1/rejections', { token: session.token })).body.records
  const decide = async (session: Session, what: 'accept' | 'discard-kept', ids: string[]) => {
    const answer = await call<DecideRejectionsAnswer>(server, `/api/v1/rejections/${what}`, {
      token: session.token,
      body: { ids },
    })
    expect(answer.status).toBe(200)
    return answer.body.results
  }
  const keptRows = () => server.db.selectFrom('lost_site_work').selectAll().execute()
  const results = async (session: Session, mutations: Mutation[]): Promise<PushResult[]> =>
    (await pushOk(server, session, mutations)).results
  const entryOf = (records: RejectedRecord[], mutation: Mutation): RejectedRecord => {
    const entry = records.find((r) => r.mutationId === mutation.mutationId)
    if (!entry) throw new Error(`refusal of ${mutation.mutationId} not listed`)
    return entry
  }

  /** A case the author registered at Agadez, with an assistance and a pending referral, then moved to `to` by another phone. */
  async function caseMovedAway(to = 'ARL-TC') {
    const person = namedRegistration({ givenName: 'Hadiza', familyName: 'Moussa' })
    const sent = referral(person.id, { reason: 'Needs a doctor' })
    await pushOk(server, author, [upsert('registration', person), upsert('referral', sent)])
    const moved = await results(mover, [
      upsert('registration', { ...person, siteCode: to }, 1, { changedFields: ['siteCode'] }),
    ])
    expect(moved[0]?.status).toBe('applied')
    return { person, sent }
  }

  /** What the author's phone sends after working offline on the case at Agadez. */
  function offlineWork(person: ReturnType<typeof namedRegistration>, sent: ReturnType<typeof referral>) {
    return {
      help: upsert('assistance', assistance(person.id, { notes: 'Blanket for Hadiza and her son' })),
      referred: upsert('referral', referral(person.id, { reason: 'Hadiza asks for legal advice' })),
      outcome: upsert('referral', { ...sent, status: 'completed', statusOn: '2026-11-30', outcomeNotes: 'Seen' }, 1, {
        changedFields: ['status', 'statusOn', 'outcomeNotes'],
      }),
      outcomeEvent: upsert('caseEvent', caseEvent(person.id, { kind: 'referral_updated', recordId: sent.id })),
      edit: upsert('registration', { ...person, occupation: 'Tailor' }, 1, { changedFields: ['occupation'] }),
      editEvent: upsert('caseEvent', caseEvent(person.id, { kind: 'edited', sections: ['identity'] })),
    }
  }

  it('keeps the work for a supervisor of the case’s new centre, who accepts it at the case’s site as the author’s', async () => {
    const { person, sent } = await caseMovedAway()
    const { cursor } = await pullAll(server, arlitColleague)
    const work = offlineWork(person, sent)
    const answers = await results(author, Object.values(work))
    // refused as before, and the answer says it was kept
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 'rejected'))
    for (const [answer, mutation] of answers.map((a, i) => [a, Object.values(work)[i]] as const)) {
      const isNew = mutation?.baseRev === 0 && mutation.entity !== 'registration'
      expect(answer.errors?.map(({ path, code }) => ({ path, code }))).toEqual([
        { path: isNew ? ['registrationId'] : [], code: 'unavailable' },
        KEPT,
      ])
    }
    // sealed: nothing of what was sent is readable in the database
    const rows = (await keptRows()).filter((row) => Object.values(work).some((m) => m.mutationId === row.mutation_id))
    expect(rows).toHaveLength(6)
    expect(rows.map((row) => row.case_id)).toEqual(rows.map(() => person.id))
    for (const never of ['Blanket', 'legal advice', 'Tailor']) expect(JSON.stringify(rows)).not.toContain(never)

    // Arlit's supervisor decides it, and is told what it is about
    const arlit = await listed(arlitSupervisor)
    const help = entryOf(arlit, work.help)
    expect(help).toMatchObject({
      kind: 'lost_site',
      keptBecause: 'case_moved',
      siteCode: 'AGZ-TC',
      user: { id: author.user.id },
      subject: { case: { id: person.id, name: 'Hadiza Moussa' } },
    })
    for (const mutation of Object.values(work)) expect(entryOf(arlit, mutation).keptBecause).toBe('case_moved')
    expect(JSON.stringify(arlit)).not.toContain('Blanket')

    // Agadez's supervisor sees their registrar's refusal, kept elsewhere: not what it says, and cannot decide it
    const agadez = entryOf(await listed(agadezSupervisor), work.help)
    expect(agadez.kind).toBeUndefined()
    expect(agadez.keptBecause).toBeUndefined()
    expect(agadez.errors.map((e) => e.code)).toEqual(['unavailable', 'kept_for_case_site'])
    expect(agadez.subject).toEqual({ case: null, at: null, kind: null })
    expect(await decide(agadezSupervisor, 'accept', [agadez.id])).toEqual([{ id: agadez.id, status: 'not_found' }])
    expect(await decide(agadezSupervisor, 'discard-kept', [agadez.id])).toEqual([
      { id: agadez.id, status: 'not_found' },
    ])

    // accepted, in the order it was sent
    const ids = Object.values(work).map((m) => entryOf(arlit, m).id)
    const decided = await decide(arlitSupervisor, 'accept', ids)
    expect(decided.map((d) => d.status)).toEqual(['applied', 'applied', 'merged', 'applied', 'merged', 'applied'])
    const stored = await server.db
      .selectFrom('records')
      .select(['id', 'site_code', 'user_id', 'data'])
      .where(
        'id',
        'in',
        Object.values(work).map((m) => m.recordId),
      )
      .execute()
    for (const row of stored) expect(row.site_code).toBe('ARL-TC')
    const byId = new Map(stored.map((row) => [row.id, row]))
    expect(byId.get(work.help.recordId)?.user_id).toBe(author.user.id)
    expect(JSON.parse(byId.get(work.help.recordId)?.data ?? '{}')).toMatchObject({
      siteCode: 'ARL-TC',
      providedBy: author.user.id,
      notes: 'Blanket for Hadiza and her son',
    })

    // Arlit's phones pull it with the case
    const pulled = (await pullAll(server, arlitColleague, 500, cursor)).changes
    expect(pulled.find((c) => c.recordId === work.help.recordId)).toMatchObject({
      deleted: false,
      data: { siteCode: 'ARL-TC', notes: 'Blanket for Hadiza and her son' },
    })
    expect(pulled.find((c) => c.recordId === work.referred.recordId)?.data).toMatchObject({
      reason: 'Hadiza asks for legal advice',
    })
    expect(pulled.find((c) => c.recordId === sent.id)?.data).toMatchObject({ status: 'completed', siteCode: 'ARL-TC' })
    expect(pulled.find((c) => c.recordId === person.id)?.data).toMatchObject({
      occupation: 'Tailor',
      siteCode: 'ARL-TC',
    })
    expect((await keptRows()).map((row) => row.rejection_id)).not.toContain(help.id)

    // the author's phone asks again: a duplicate of an applied mutation, without what it may no longer read
    const again = await results(author, [work.help])
    expect(again).toEqual([{ mutationId: work.help.mutationId, status: 'duplicate', was: 'applied', rev: 1 }])
  })

  it('is decided where the case is now, when it moved on again', async () => {
    const { person, sent } = await caseMovedAway()
    const { help } = offlineWork(person, sent)
    await results(author, [help])
    const id = entryOf(await listed(arlitSupervisor), help).id
    await results(mover, [
      upsert('registration', { ...person, siteCode: 'DRK-TC' }, 2, { changedFields: ['siteCode'] }),
    ])
    // Arlit no longer holds the case: it lists nothing of the work, and decides nothing
    expect((await listed(arlitSupervisor)).map((r) => r.id)).not.toContain(id)
    expect(await decide(arlitSupervisor, 'accept', [id])).toEqual([{ id, status: 'not_found' }])
    expect(entryOf(await listed(dirkouSupervisor), help)).toMatchObject({ id, keptBecause: 'case_moved' })
    expect(await decide(dirkouSupervisor, 'accept', [id])).toEqual([{ id, status: 'applied', rev: 1 }])
    const row = await server.db
      .selectFrom('records')
      .select('site_code')
      .where('id', '=', help.recordId)
      .executeTakeFirst()
    expect(row?.site_code).toBe('DRK-TC')
  })

  it('discards: the content goes, and the author’s phone asking again learns it', async () => {
    const { person, sent } = await caseMovedAway()
    const { referred } = offlineWork(person, sent)
    await results(author, [referred])
    const id = entryOf(await listed(arlitSupervisor), referred).id
    expect(await decide(arlitSupervisor, 'discard-kept', [id])).toEqual([{ id, status: 'discarded' }])
    expect((await keptRows()).map((row) => row.rejection_id)).not.toContain(id)
    const again = await results(author, [referred])
    expect(again[0]).toMatchObject({ status: 'duplicate', was: 'rejected' })
    expect(again[0]?.errors?.map((e) => e.code)).toEqual([
      'unavailable',
      'kept_for_case_site',
      'discarded_by_supervisor',
    ])
    expect(await server.db.selectFrom('records').select('id').where('id', '=', referred.recordId).execute()).toEqual([])
  })

  it('erases the kept free text when the person withdraws consent, and drops the kept edit of the case', async () => {
    const { person, sent } = await caseMovedAway()
    const { help, edit } = offlineWork(person, sent)
    await results(author, [help, edit])
    const arlit = await listed(arlitSupervisor)
    const [helpId, editId] = [entryOf(arlit, help).id, entryOf(arlit, edit).id]
    expect((await keptRows()).find((row) => row.rejection_id === helpId)?.sealed_text).not.toBeNull()
    // the person withdraws consent at Arlit
    const withdrawn = withoutPersonalData({ ...person, siteCode: 'ARL-TC' }, '2026-12-01')
    expect((await results(arlitSupervisor, [upsert('registration', withdrawn, 2)]))[0]?.status).toBe('applied')

    const kept = await keptRows()
    expect(kept.find((row) => row.rejection_id === helpId)?.sealed_text).toBeNull()
    // the edit held the person: it goes, and its author is told why
    expect(kept.map((row) => row.rejection_id)).not.toContain(editId)
    const again = await results(author, [edit])
    expect(again[0]?.errors?.map((e) => e.code)).toContain('discarded_consent_withdrawn')
    // accepted, the assistance comes without the words that may name the person
    expect(await decide(arlitSupervisor, 'accept', [helpId])).toEqual([{ id: helpId, status: 'applied', rev: 1 }])
    const stored = await server.db
      .selectFrom('records')
      .select('data')
      .where('id', '=', help.recordId)
      .executeTakeFirst()
    expect(JSON.parse(stored?.data ?? '{}')).toMatchObject({ notes: '—', siteCode: 'ARL-TC' })
  })

  it('keeps nothing of work the author never had a case for, nor of a refused transfer', async () => {
    // a case that was never at Agadez, at Arlit
    const elsewhere = namedRegistration({ siteCode: 'ARL-TC' })
    await pushOk(server, arlitColleague, [upsert('registration', elsewhere)])
    const stray = upsert('assistance', assistance(elsewhere.id))
    // a case moved away, that the author's phone also tried to move
    const { person } = await caseMovedAway()
    const transfer = upsert(
      'caseEvent',
      caseEvent(person.id, { kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'NIA-TC1' }),
    )
    const answers = await results(author, [stray, transfer])
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 'rejected' })
      expect(answer.errors?.map((e) => e.code)).toEqual(['unavailable'])
    }
    const mutationIds = (await keptRows()).map((row) => row.mutation_id)
    expect(mutationIds).not.toContain(stray.mutationId)
    expect(mutationIds).not.toContain(transfer.mutationId)
  })
})
