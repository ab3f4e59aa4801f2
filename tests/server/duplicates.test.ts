/**
 * Possible duplicate persons, over real HTTP on SQLite and PostgreSQL: found by the
 * shared name matcher across the sites a supervisor covers (and no others), with the
 * pairs registrars flagged; merged within one site only, never an anonymous case into a
 * named one, keeping the most restrictive consent, moving assistance, referrals and
 * case events as new revs phones pull, the merged case no longer counted in figures or
 * exports; undone; marked distinct, and that mark undone; every version kept from retention; hostile bodies
 * answered 400 with field errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '@/server/seed/csv'
import { pruneHistory } from '@/server/store/retention'
import {
  duplicateListSchema,
  mergeAnswerSchema,
  undoDistinctAnswerSchema,
  undoMergeAnswerSchema,
  type DuplicateList,
} from '@/shared/schemas/duplicates'
import type { AuditPage } from '@/shared/schemas/audit'
import type { NamedRegistration } from '@/shared/schemas/registration'
import type { PullResponse } from '@/shared/schemas/sync'
import { anonymousRegistration, namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

type ErrorBody = { error: string; issues?: { path: (string | number)[]; code: string }[] }

describe.each(TEST_DATABASES)('possible duplicates (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let agadez: Session
  let arlit: Session
  let supervisor: Session
  let elsewhere: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC'])
    elsewhere = await signedInUser(server, admin, 'supervisor', ['DRK-TC'])
  })
  afterAll(() => server.close())

  const list = async (session: Session, query = '') => {
    const answer = await call<DuplicateList>(server, `/api/v1/duplicates${query}`, { token: session.token })
    expect(answer.status).toBe(200)
    expect(duplicateListSchema.safeParse(answer.body).success).toBe(true)
    return answer.body
  }
  const pairOf = (found: DuplicateList, x: string, y: string) =>
    found.pairs.find((p) => (p.a.id === x && p.b.id === y) || (p.a.id === y && p.b.id === x))
  const post = (session: Session, action: string, body: unknown) =>
    call<Record<string, unknown> & ErrorBody>(server, `/api/v1/duplicates/${action}`, { token: session.token, body })
  const current = (changes: PullResponse['changes'], id: string) => changes.filter((c) => c.recordId === id).at(-1)
  /** The registrations the person-level figures count. */
  const counted = async () =>
    (await server.db.selectFrom('stats_facts').select('id').where('entity', '=', 'registration').execute()).map(
      (row) => row.id,
    )
  /** The ids in the registrations export, with its personal columns. */
  const exported = async () => {
    const res = await fetch(`${server.url}/api/v1/export/registration.csv?personal=true`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    })
    expect(res.status).toBe(200)
    const [header, , ...rows] = parseCsv(await res.text())
    const at = header!.indexOf('id')
    return rows.map((row) => row[at])
  }

  /** Two registrations of one person (names spelt differently), pushed by their sites' registrars. */
  async function pairAt(
    siteA: string,
    siteB: string,
    a: Partial<NamedRegistration>,
    b: Partial<NamedRegistration> = {},
  ): Promise<[NamedRegistration, NamedRegistration]> {
    const first = namedRegistration({ siteCode: siteA, ...a })
    const second = namedRegistration({ siteCode: siteB, ...a, ...b })
    for (const record of [first, second]) {
      await pushOk(server, record.siteCode === 'AGZ-TC' ? agadez : arlit, [upsert('registration', record)])
    }
    return [first, second]
  }

  it('finds possible duplicates across the sites a supervisor covers, and only there', async () => {
    const [one, other] = await pairAt(
      'AGZ-TC',
      'ARL-TC',
      { givenName: 'Mahamadou', familyName: 'Ouédraogo', sex: 'male', dateOfBirth: '1990-05-01' },
      { givenName: 'Mohamed', familyName: 'Ouedraogo', dateOfBirth: '1991-02-03' },
    )
    // same name but a woman born twenty years later: not a duplicate
    const unlike = namedRegistration({
      givenName: 'Mahamadou',
      familyName: 'Ouédraogo',
      sex: 'female',
      dateOfBirth: '2010-01-01',
    })
    await pushOk(server, agadez, [upsert('registration', unlike)])

    const found = await list(supervisor)
    const pair = pairOf(found, one.id, other.id)
    expect(pair).toMatchObject({ flagged: false, sameSite: false })
    expect(pair?.score).toBeGreaterThan(0.86)
    const side = pair?.a.id === one.id ? pair.a : pair?.b
    expect(side).toEqual({
      id: one.id,
      caseNumber: null,
      siteCode: 'AGZ-TC',
      givenName: 'Mahamadou',
      familyName: 'Ouédraogo',
      aliases: [],
      sex: 'male',
      dateOfBirth: '1990-05-01',
      dateOfBirthEstimated: true,
      nationality: 'MLI',
      registeredOn: one.registeredOn,
      consentSharing: true,
    })
    // nothing personal beyond what tells two people apart
    expect(JSON.stringify(found)).not.toContain('single_woman')
    expect(found.pairs.some((p) => p.a.id === unlike.id || p.b.id === unlike.id)).toBe(false)

    // one site asked: the pair across sites is not there; a site not covered is left out
    expect(pairOf(await list(supervisor, '?sites=AGZ-TC,DRK-TC'), one.id, other.id)).toBeUndefined()
    expect(pairOf(await list(elsewhere), one.id, other.id)).toBeUndefined()
    expect(pairOf(await list(admin), one.id, other.id)).toBeDefined()
    expect((await call(server, '/api/v1/duplicates', { token: agadez.token })).status).toBe(403)
    expect((await call(server, '/api/v1/duplicates')).status).toBe(401)

    const audited = await server.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'duplicates_read')
      .where('actor_user_id', '=', supervisor.user.id)
      .execute()
    expect(audited.length).toBeGreaterThan(0)
  })

  it('lists the pairs a registrar flagged on the phone, whatever the matcher says', async () => {
    const first = namedRegistration({ givenName: 'Zeinabou', familyName: 'Harouna', sex: 'female' })
    const second = namedRegistration({
      givenName: 'Fati',
      familyName: 'Abdoulaye',
      sex: 'female',
      possibleDuplicateOf: [first.id],
    })
    await pushOk(server, agadez, [upsert('registration', first), upsert('registration', second)])
    const pair = pairOf(await list(supervisor), first.id, second.id)
    expect(pair).toMatchObject({ flagged: true, score: null, sameSite: true })
    // flagged pairs come first
    expect((await list(supervisor)).pairs[0]?.flagged).toBe(true)
  })

  it('merges within one site only, never an anonymous case into a named one', async () => {
    const [one, other] = await pairAt('AGZ-TC', 'ARL-TC', {
      givenName: 'Souleymane',
      familyName: 'Kountché',
      sex: 'male',
    })
    const across = await post(supervisor, 'merge', { keepId: one.id, mergeId: other.id })
    expect(across.status).toBe(400)
    expect(across.body.error).toBe('merge_needs_same_site')
    expect(across.body.issues).toEqual([expect.objectContaining({ path: ['mergeId'], code: 'merge_needs_same_site' })])

    const anonymous = anonymousRegistration({ siteCode: 'AGZ-TC' })
    await pushOk(server, agadez, [upsert('registration', anonymous)])
    const intoNamed = await post(supervisor, 'merge', { keepId: one.id, mergeId: anonymous.id })
    expect(intoNamed.status).toBe(400)
    expect(intoNamed.body.error).toBe('merge_anonymous_into_named')
    expect(intoNamed.body.issues?.[0]?.code).toBe('merge_anonymous_into_named')

    // a case at another supervisor's site is as unknown as one that does not exist
    expect((await post(elsewhere, 'merge', { keepId: one.id, mergeId: other.id })).status).toBe(404)
    expect((await post(agadez, 'merge', { keepId: one.id, mergeId: other.id })).status).toBe(403)
    // nothing changed
    const { changes } = await pullAll(server, supervisor)
    expect(current(changes, other.id)?.rev).toBe(1)
    expect(current(changes, anonymous.id)?.rev).toBe(1)
  })

  it('merges a pair: most restrictive consent, linked records moved as new revs, a timeline entry, then undoes it', async () => {
    const [keep, merged] = await pairAt(
      'AGZ-TC',
      'AGZ-TC',
      { givenName: 'Hadiza', familyName: 'Maïga', sex: 'female', dateOfBirth: '1985-03-03' },
      { givenName: 'Hadiza', familyName: 'Maiga', consentSharing: false },
    )
    const help = assistance(merged.id)
    const sent = referral(merged.id, { to: 'iom_medical', consentToShare: false })
    const event = caseEvent(merged.id)
    const elsewhereHelp = assistance(keep.id)
    await pushOk(server, agadez, [
      upsert('assistance', help),
      upsert('referral', sent),
      upsert('caseEvent', event),
      upsert('assistance', elsewhereHelp),
    ])
    const { cursor } = await pullAll(server, agadez)
    expect(pairOf(await list(supervisor), keep.id, merged.id)).toMatchObject({ sameSite: true })

    const answer = await post(supervisor, 'merge', { keepId: keep.id, mergeId: merged.id })
    expect(answer.status).toBe(200)
    expect(mergeAnswerSchema.parse(answer.body)).toEqual({
      keepId: keep.id,
      mergeId: merged.id,
      keepRev: 2,
      mergeRev: 2,
      moved: 3,
    })

    // the registrar's phone pulls every change, the server's device id on each
    const pulled = (await pullAll(server, agadez, 500, cursor)).changes
    expect(current(pulled, keep.id)?.data).toMatchObject({ consentSharing: false, givenName: 'Hadiza' })
    expect(current(pulled, merged.id)?.data).toMatchObject({ mergedInto: keep.id, familyName: 'Maiga' })
    for (const linked of [help, sent, event]) {
      expect(current(pulled, linked.id)).toMatchObject({ rev: 2, data: { registrationId: keep.id } })
    }
    expect(current(pulled, elsewhereHelp.id)).toBeUndefined()
    const entry = pulled.find((c) => c.entity === 'caseEvent' && c.data?.kind === 'merged')
    expect(entry?.data).toMatchObject({ registrationId: keep.id, recordId: merged.id, by: supervisor.user.id })
    // the supervisor's own phone pulls them too
    const own = (await pullAll(server, supervisor)).changes
    expect(current(own, merged.id)?.data).toMatchObject({ mergedInto: keep.id })

    // the person counts once: in the kept case's figures and export rows, not in the merged one's
    expect(await counted()).toEqual(expect.arrayContaining([keep.id]))
    expect(await counted()).not.toContain(merged.id)
    expect(await exported()).toContain(keep.id)
    expect(await exported()).not.toContain(merged.id)

    const after = await list(supervisor)
    expect(pairOf(after, keep.id, merged.id)).toBeUndefined()
    expect(after.merges).toContainEqual(
      expect.objectContaining({
        keepId: keep.id,
        mergeId: merged.id,
        siteCode: 'AGZ-TC',
        mergedBy: { id: supervisor.user.id, name: 'Test supervisor' },
      }),
    )
    // merged once: not again, and nothing goes into a merged case
    expect((await post(supervisor, 'merge', { keepId: keep.id, mergeId: merged.id })).body.error).toBe('already_merged')
    // a phone cannot merge or unmerge by itself
    const sneaky = await pushOk(server, agadez, [
      upsert('registration', { ...merged, mergedInto: undefined, updatedAt: new Date().toISOString() }, 2),
    ])
    expect(sneaky.results[0]).toMatchObject({ status: 'rejected' })
    expect(sneaky.results[0]?.errors).toContainEqual(expect.objectContaining({ code: 'merged_by_supervisor' }))

    // every version of the records the merge touched survives the pruning of history
    const prune = await pruneHistory(
      server.db,
      { historyRetentionDays: 1, auditRetentionDays: 0 },
      new Date(Date.now() + 10 * 86_400_000),
    )
    expect(prune.versions).toBeGreaterThanOrEqual(0)
    for (const id of [keep.id, merged.id, help.id]) {
      const revs = await server.db.selectFrom('record_versions').select('rev').where('record_id', '=', id).execute()
      expect(revs.map((r) => r.rev).sort()).toEqual([1, 2])
    }

    // undo: everything goes back, as new revs
    const { cursor: beforeUndo } = await pullAll(server, agadez)
    const undo = await post(supervisor, 'undo', { mergeId: merged.id })
    expect(undo.status).toBe(200)
    expect(undoMergeAnswerSchema.parse(undo.body)).toEqual({ keepId: keep.id, mergeId: merged.id, restored: 3 })
    const back = (await pullAll(server, agadez, 500, beforeUndo)).changes
    expect(current(back, merged.id)).toMatchObject({ rev: 3 })
    expect(current(back, merged.id)?.data).not.toHaveProperty('mergedInto')
    expect(current(back, keep.id)?.data).toMatchObject({ consentSharing: true })
    for (const linked of [help, sent, event]) {
      expect(current(back, linked.id)).toMatchObject({ rev: 3, data: { registrationId: merged.id } })
    }
    expect(back.find((c) => c.entity === 'caseEvent' && c.data?.kind === 'merge_undone')?.data).toMatchObject({
      registrationId: keep.id,
      recordId: merged.id,
    })
    expect(await counted()).toEqual(expect.arrayContaining([keep.id, merged.id]))
    expect(await exported()).toEqual(expect.arrayContaining([keep.id, merged.id]))
    const listed = await list(supervisor)
    expect(pairOf(listed, keep.id, merged.id)).toBeDefined()
    expect(listed.merges.some((m) => m.mergeId === merged.id)).toBe(false)
    expect((await post(supervisor, 'undo', { mergeId: merged.id })).status).toBe(404)

    const actions = await server.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('target', '=', merged.id)
      .execute()
    expect(actions.map((a) => a.action).sort()).toEqual(['cases_merged', 'merge_undone'])
  })

  it('merges a named case into an anonymous one, which stays anonymous', async () => {
    const anonymous = anonymousRegistration({ siteCode: 'ARL-TC' })
    const named = namedRegistration({ siteCode: 'ARL-TC', givenName: 'Boubacar', familyName: 'Sidibé' })
    await pushOk(server, arlit, [upsert('registration', anonymous), upsert('registration', named)])
    const answer = await post(supervisor, 'merge', { keepId: anonymous.id, mergeId: named.id })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ keepRev: 1, mergeRev: 2 })
    const { changes } = await pullAll(server, supervisor)
    expect(current(changes, anonymous.id)).toMatchObject({ rev: 1, data: { consentProcessing: false } })
    expect(current(changes, named.id)?.data).toMatchObject({ mergedInto: anonymous.id })
  })

  it('moves a merged case with its survivor when the survivor is transferred, where the merge can still be undone', async () => {
    const [keep, merged] = await pairAt('AGZ-TC', 'AGZ-TC', { givenName: 'Hawa', familyName: 'Keïta', sex: 'female' })
    const answer = await post(supervisor, 'merge', { keepId: keep.id, mergeId: merged.id })
    expect(answer.status).toBe(200)
    const keepRev = Number(answer.body.keepRev)
    const moved = await pushOk(server, agadez, [upsert('registration', { ...keep, siteCode: 'ARL-TC' }, keepRev)])
    expect(moved.results[0]?.status).toBe('applied')

    const { changes } = await pullAll(server, supervisor)
    expect(current(changes, merged.id)).toMatchObject({ data: { siteCode: 'ARL-TC', mergedInto: keep.id } })
    // the old site's phones drop it, as they drop the survivor
    const atAgadez = await pullAll(server, agadez)
    expect(current(atAgadez.changes, merged.id)).toMatchObject({ deleted: true })
    expect((await post(supervisor, 'undo', { mergeId: merged.id })).status).toBe(200)
  })

  it('marks a pair as not the same person: it is no longer listed', async () => {
    const [one, other] = await pairAt('AGZ-TC', 'AGZ-TC', {
      givenName: 'Ousmane',
      familyName: 'Tandja',
      sex: 'male',
    })
    expect(pairOf(await list(supervisor), one.id, other.id)).toBeDefined()
    expect((await post(elsewhere, 'distinct', { aId: one.id, bId: other.id })).status).toBe(404)
    const answer = await post(supervisor, 'distinct', { aId: other.id, bId: one.id })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({ aId: [one.id, other.id].sort()[0], bId: [one.id, other.id].sort()[1] })
    // twice is fine
    expect((await post(supervisor, 'distinct', { aId: one.id, bId: other.id })).status).toBe(200)
    expect(pairOf(await list(supervisor), one.id, other.id)).toBeUndefined()
  })

  it('takes back "not the same person": the pair is listed again, audited, and only at the caller’s sites', async () => {
    const [one, other] = await pairAt('AGZ-TC', 'AGZ-TC', {
      givenName: 'Abdoulaye',
      familyName: 'Maïga',
      sex: 'male',
    })
    const [a, b] = [one.id, other.id].sort() as [string, string]
    // no mark yet: nothing to take back
    expect((await post(supervisor, 'distinct/undo', { aId: one.id, bId: other.id })).status).toBe(404)
    expect((await post(supervisor, 'distinct', { aId: one.id, bId: other.id })).status).toBe(200)
    expect(pairOf(await list(supervisor), one.id, other.id)).toBeUndefined()
    // another site's supervisor, and a registrar, cannot
    expect((await post(elsewhere, 'distinct/undo', { aId: one.id, bId: other.id })).status).toBe(404)
    expect((await post(agadez, 'distinct/undo', { aId: one.id, bId: other.id })).status).toBe(403)
    // either order
    const answer = await post(supervisor, 'distinct/undo', { aId: other.id, bId: one.id })
    expect(answer.status).toBe(200)
    expect(undoDistinctAnswerSchema.parse(answer.body)).toEqual({ aId: a, bId: b })
    expect(pairOf(await list(supervisor), one.id, other.id)).toBeDefined()
    expect(await server.db.selectFrom('distinct_pairs').selectAll().where('a_id', '=', a).execute()).toEqual([])
    // taken back once: a second time finds no mark
    expect((await post(supervisor, 'distinct/undo', { aId: one.id, bId: other.id })).status).toBe(404)
    const audit = await call<AuditPage>(server, '/api/v1/audit?limit=50', { token: admin.token })
    const undone = audit.body.entries.filter((e) => e.action === 'distinct_undone')
    expect(undone).toEqual([
      expect.objectContaining({ actorUserId: supervisor.user.id, target: null, details: { aId: a, bId: b } }),
    ])
    // and it can be marked again
    expect((await post(supervisor, 'distinct', { aId: one.id, bId: other.id })).status).toBe(200)
    expect(pairOf(await list(supervisor), one.id, other.id)).toBeUndefined()
  })

  it('answers hostile requests with 400 and field errors, never a 5xx', async () => {
    const id = '01890000-0000-7000-8000-0000000000a1'
    const bodies: [string, unknown, string][] = [
      ['merge', {}, 'keepId'],
      ['merge', { keepId: id, mergeId: id }, 'mergeId'],
      ['merge', { keepId: 'x', mergeId: id }, 'keepId'],
      ['merge', { keepId: id, mergeId: 42 }, 'mergeId'],
      ['merge', { keepId: id, mergeId: '01890000-0000-7000-8000-0000000000a2', extra: 1 }, 'extra'],
      ['distinct', { aId: id }, 'bId'],
      ['distinct', [id, id], ''],
      ['distinct/undo', {}, 'aId'],
      ['distinct/undo', { aId: id }, 'bId'],
      ['distinct/undo', { aId: id, bId: id }, 'bId'],
      ['distinct/undo', { aId: id, bId: 'x' }, 'bId'],
      ['distinct/undo', { aId: { $ne: null }, bId: id }, 'aId'],
      ['distinct/undo', { aId: id, bId: '01890000-0000-7000-8000-0000000000a2', all: true }, 'all'],
      ['distinct/undo', [id, id], ''],
      ['undo', { mergeId: null }, 'mergeId'],
      ['undo', { mergeId: `${id}'; drop table merges; --` }, 'mergeId'],
    ]
    for (const [action, body, field] of bodies) {
      const answer = await post(supervisor, action, body)
      expect(answer.status, `${action} ${JSON.stringify(body)}`).toBe(400)
      expect(answer.body.error).toBe('invalid_request')
      expect(
        answer.body.issues?.some((issue) => (issue.path[0] ?? '') === field),
        JSON.stringify(answer.body.issues),
      ).toBe(true)
    }
    for (const text of ['not json', '{"keepId":', '']) {
      const answer = await call(server, '/api/v1/duplicates/merge', {
        token: supervisor.token,
        body: text,
        headers: { 'content-type': 'application/json' },
      })
      expect(answer.status).toBeGreaterThanOrEqual(400)
      expect(answer.status).toBeLessThan(500)
    }
    for (const query of ['?limit=0', '?limit=abc', '?sites=agz%20tc', '?sites=AGZ-TC&sites=ARL-TC', '?what=1']) {
      const answer = await call<ErrorBody>(server, `/api/v1/duplicates${query}`, { token: supervisor.token })
      expect(answer.status, query).toBe(400)
      expect(answer.body.issues?.length).toBeGreaterThan(0)
    }
    // well formed, but no such cases: unknown
    const unknown = await post(supervisor, 'merge', { keepId: id, mergeId: '01890000-0000-7000-8000-0000000000a2' })
    expect(unknown.status).toBe(404)
    expect((await post(supervisor, 'undo', { mergeId: id })).status).toBe(404)
    expect(
      (await post(supervisor, 'distinct/undo', { aId: id, bId: '01890000-0000-7000-8000-0000000000a2' })).status,
    ).toBe(404)
  })
})
