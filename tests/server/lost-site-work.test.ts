/**
 * Access follows the user (issue 9), over real HTTP on SQLite and PostgreSQL: a user who
 * loses a site and whose phone still sends work there is refused; that work is kept,
 * sealed, and listed as `lost_site` for a supervisor of the site, who accepts it (the
 * server applies it as the author's push; other phones of the site pull it) or discards
 * it (its content is deleted). Work at a site the author never had keeps nothing. The list
 * names what each kept work is about, from its content, only to a viewer of its site.
 */
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggerOptions } from '@/server/http/logging'
import { withoutPersonalData } from '@/shared/case-rules'
import { accessSchema, type Access } from '@/shared/schemas/access'
import type { AuditPage } from '@/shared/schemas/audit'
import {
  decideRejectionsAnswerSchema,
  type DecideRejectionsAnswer,
  type RejectedRecord,
  type RejectionList,
} from '@/shared/schemas/rejections'
import type { Mutation } from '@/shared/schemas/sync'
import { anonymousRegistration, flowCount, namedRegistration } from '../helpers/records'
import { assistance } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

/** A case number no other test of this server holds. */
const caseNumber = () => `AGZ-${randomUUID().slice(0, 4).toUpperCase()}-0007`

describe.each(TEST_DATABASES)('work at a lost site (%s)', (database) => {
  // every line the server logs, to check that no kept content reaches them
  let logged = ''
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString()
      done()
    },
  })
  let server: TestServer
  let admin: Session
  let supervisor: Session
  let elsewhere: Session
  let colleague: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database, logger: loggerOptions('trace', logStream) })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    elsewhere = await signedInUser(server, admin, 'supervisor', ['ARL-TC'])
    colleague = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const listed = async (session: Session): Promise<RejectedRecord[]> =>
    (await call<RejectionList>(server, '/api/v1/rejections', { token: session.token })).body.records
  const decide = (session: Session, what: 'accept' | 'discard-kept', body: unknown) =>
    call<DecideRejectionsAnswer & { error?: string; issues?: { path: unknown[] }[] }>(
      server,
      `/api/v1/rejections/${what}`,
      { token: session.token, body },
    )
  const keptRows = () => server.db.selectFrom('lost_site_work').selectAll().execute()

  /** A registrar of AGZ-TC and ARL-TC who had `before` saved at AGZ-TC, then loses AGZ-TC. */
  async function registrarWhoLostAgadez() {
    const author = await signedInUser(server, admin, 'registrar', ['AGZ-TC', 'ARL-TC'])
    const before = namedRegistration({ givenName: 'Hadiza' })
    await pushOk(server, author, [upsert('registration', before)])
    const changed = await call(server, `/api/v1/users/${author.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { sites: ['ARL-TC'] },
    })
    expect(changed.status).toBe(200)
    return { author, before }
  }

  async function refusedAndListed(author: Session, mutations: Mutation[]) {
    const { results } = await pushOk(server, author, mutations)
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'rejected'))
    const records = await listed(supervisor)
    return mutations.map((m) => {
      const entry = records.find((r) => r.mutationId === m.mutationId)
      if (!entry) throw new Error(`refusal of ${m.mutationId} not listed`)
      return entry
    })
  }

  it('tells the phone its sites as they are now', async () => {
    const { author } = await registrarWhoLostAgadez()
    const me = await call<Access>(server, '/api/v1/me', { token: author.token })
    expect(me.status).toBe(200)
    expect(accessSchema.parse(me.body)).toEqual({ id: author.user.id, role: 'registrar', sites: ['ARL-TC'] })
    expect((await call(server, '/api/v1/me')).status).toBe(401)
  })

  it('keeps the refused work sealed and lists it as lost_site; accepting applies it as the author’s', async () => {
    const { author, before } = await registrarWhoLostAgadez()
    const created = namedRegistration({ givenName: 'Mariama' })
    const newCase = upsert('registration', created)
    const help = upsert('assistance', assistance(created.id))
    const edit = upsert('registration', { ...before, occupation: 'Tailor' }, 1, { changedFields: ['occupation'] })
    const [caseEntry, helpEntry, editEntry] = await refusedAndListed(author, [newCase, help, edit])
    expect(caseEntry).toMatchObject({
      kind: 'lost_site',
      siteCode: 'AGZ-TC',
      user: { id: author.user.id },
      errors: [{ path: ['siteCode'], code: 'forbidden' }],
    })
    expect(helpEntry?.kind).toBe('lost_site')
    // an edit of a record the server holds there is `unavailable`: the same work, kept the same way
    expect(editEntry).toMatchObject({ kind: 'lost_site', errors: [{ path: [], code: 'unavailable' }] })
    // kept sealed: nothing of what was sent is readable in the database
    const rows = (await keptRows()).filter((r) => r.mutation_id === newCase.mutationId)
    expect(rows).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toContain('Mariama')
    // only its subject is told, to a supervisor of the site (below): never the rest of what was sent
    expect(JSON.stringify(await listed(supervisor))).not.toContain('single_woman')

    const { cursor } = await pullAll(server, colleague)
    const ids = [caseEntry, helpEntry, editEntry].map((entry) => entry?.id as string)
    const answer = await decide(supervisor, 'accept', { ids })
    expect(answer.status).toBe(200)
    expect(decideRejectionsAnswerSchema.parse(answer.body).results).toEqual([
      { id: ids[0], status: 'applied', rev: 1 },
      { id: ids[1], status: 'applied', rev: 1 },
      { id: ids[2], status: 'applied', rev: 2 },
    ])
    // written as the author's, from the author's phone
    const stored = await server.db
      .selectFrom('records')
      .select(['id', 'user_id', 'device_id'])
      .where('id', 'in', [created.id, before.id])
      .execute()
    expect(stored.map((r) => [r.user_id, r.device_id])).toEqual([
      [author.user.id, author.deviceId],
      [author.user.id, author.deviceId],
    ])
    // another phone of the site pulls them
    const pulled = (await pullAll(server, colleague, 500, cursor)).changes
    expect(pulled.find((c) => c.recordId === created.id)).toMatchObject({ rev: 1, data: { givenName: 'Mariama' } })
    expect(pulled.find((c) => c.recordId === help.recordId)).toMatchObject({ rev: 1 })
    expect(pulled.find((c) => c.recordId === before.id)).toMatchObject({ rev: 2, data: { occupation: 'Tailor' } })
    // decided: off the list, content gone, audited as the supervisor's
    const after = (await listed(supervisor)).map((r) => r.id)
    for (const id of ids) expect(after).not.toContain(id)
    expect((await keptRows()).map((r) => r.rejection_id)).not.toContain(ids[0])
    const audit = await call<AuditPage>(server, '/api/v1/audit?limit=50', { token: admin.token })
    const accepted = audit.body.entries.filter((e) => e.action === 'rejection_accepted' && e.target === created.id)
    expect(accepted).toEqual([
      expect.objectContaining({
        actorUserId: supervisor.user.id,
        details: expect.objectContaining({ author: author.user.id }),
      }),
    ])
    // the author's phone sends it again: a duplicate of an applied mutation, without the data it may not read
    const again = await pushOk(server, author, [newCase])
    expect(again.results).toEqual([{ mutationId: newCase.mutationId, status: 'duplicate', was: 'applied', rev: 1 }])
    // a second accept finds nothing open
    expect((await decide(supervisor, 'accept', { ids: [ids[0]] })).body.results).toEqual([
      { id: ids[0], status: 'not_found' },
    ])
  })

  it('names each kept work from its content, to a viewer of its site only, and never from what fails its schema', async () => {
    const { author, before } = await registrarWhoLostAgadez()
    // cases the colleague keeps at Agadez, which the author still edits
    const other = namedRegistration({ caseNumber: caseNumber(), givenName: 'Ramatou', familyName: 'Issa' })
    const gone = namedRegistration({ caseNumber: caseNumber(), givenName: 'Balkissa', familyName: 'Ali' })
    await pushOk(server, colleague, [upsert('registration', other), upsert('registration', gone)])
    const created = namedRegistration({ caseNumber: caseNumber(), givenName: 'Mariatou', familyName: 'Sani' })
    const anonymous = anonymousRegistration({ caseNumber: caseNumber() })
    const sent = {
      created: upsert('registration', created),
      helpOfKept: upsert('assistance', assistance(created.id)),
      helpOfServer: upsert('assistance', assistance(other.id)),
      anonymous: upsert('registration', anonymous),
      renamed: upsert('registration', { ...before, familyName: 'Garba' }, 1, { changedFields: ['familyName'] }),
      // fails the schema (a birth in 1800): named from the server's version, never from it
      broken: upsert('registration', { ...other, givenName: 'Nafissa', dateOfBirth: '1800-01-01' }, 1, {
        changedFields: ['givenName', 'dateOfBirth'],
      }),
      brokenGone: upsert('registration', { ...gone, givenName: 'Zalika', dateOfBirth: '1800-01-01' }, 1, {
        changedFields: ['givenName', 'dateOfBirth'],
      }),
    }
    const entries = await refusedAndListed(author, Object.values(sent))
    expect(entries.map((e) => e.kind)).toEqual(entries.map(() => 'lost_site'))
    // the server's version of `gone` goes: the broken edit of it has nothing readable left
    expect((await pushOk(server, colleague, [remove('registration', gone.id, 1)])).results[0]?.status).toBe('applied')

    const records = await listed(supervisor)
    const subjectOf = (m: Mutation) => records.find((r) => r.mutationId === m.mutationId)?.subject
    const mariatou = { id: created.id, caseNumber: created.caseNumber, name: 'Mariatou Sani' }
    expect(subjectOf(sent.created)).toEqual({ case: mariatou, at: null, kind: null })
    expect(subjectOf(sent.helpOfKept)).toEqual({ case: mariatou, at: null, kind: null })
    expect(subjectOf(sent.helpOfServer)?.case).toEqual({
      id: other.id,
      caseNumber: other.caseNumber,
      name: 'Ramatou Issa',
    })
    expect(subjectOf(sent.anonymous)?.case).toEqual({ id: anonymous.id, caseNumber: anonymous.caseNumber, name: null })
    expect(subjectOf(sent.renamed)?.case).toEqual({ id: before.id, caseNumber: null, name: 'Hadiza Garba' })
    expect(subjectOf(sent.broken)?.case).toEqual({ id: other.id, caseNumber: other.caseNumber, name: 'Ramatou Issa' })
    expect(subjectOf(sent.brokenGone)).toEqual({ case: null, at: null, kind: null })
    const text = JSON.stringify(records)
    for (const never of ['Nafissa', 'Zalika']) expect(text).not.toContain(never)

    // a supervisor of the author's other site lists the refusals, and learns nothing of them
    const theirs = (await listed(elsewhere)).filter((r) => entries.some((e) => e.id === r.id))
    expect(theirs).toHaveLength(entries.length)
    for (const entry of theirs) expect(entry.subject).toEqual({ case: null, at: null, kind: null })
    expect(JSON.stringify(theirs)).not.toContain('Mariatou')

    // the read is audited with the count of named cases, never a name; nothing is logged
    const audit = await call<AuditPage>(server, '/api/v1/audit?limit=50', { token: admin.token })
    const read = audit.body.entries.find((e) => e.action === 'records_read' && e.actorUserId === supervisor.user.id)
    expect(read?.details).toEqual({ registration: records.filter((r) => r.subject?.case).length })
    expect(JSON.stringify(audit.body)).not.toContain('Mariatou')
    expect(logged).toContain('request completed')
    for (const name of ['Mariatou', 'Garba', 'Nafissa']) expect(logged).not.toContain(name)
  })

  it('never names from kept work a person whose consent the server no longer holds', async () => {
    const { author, before } = await registrarWhoLostAgadez()
    // sent after the site was lost, with the name: kept for a supervisor
    const renamed = upsert('registration', { ...before, familyName: 'Garba' }, 1, { changedFields: ['familyName'] })
    const help = upsert('assistance', assistance(before.id))
    await refusedAndListed(author, [renamed, help])
    // meanwhile the person withdraws consent at the centre
    const withdrawn = withoutPersonalData(before, '2026-12-01')
    expect((await pushOk(server, colleague, [upsert('registration', withdrawn, 1)])).results[0]?.status).toBe('applied')

    const records = await listed(supervisor)
    const subjectOf = (m: Mutation) => records.find((r) => r.mutationId === m.mutationId)?.subject
    const anonymous = { id: before.id, caseNumber: null, name: null }
    expect(subjectOf(help)?.case).toEqual(anonymous)
    const mine = records.filter((r) => r.recordId === before.id || r.mutationId === help.mutationId)
    expect(mine.map((r) => r.mutationId)).toEqual([help.mutationId])
    for (const name of ['Hadiza', 'Garba']) expect(JSON.stringify(mine)).not.toContain(name)
  })

  it('deletes a kept edit of a case whose person withdraws consent, and tells its author', async () => {
    const { author, before } = await registrarWhoLostAgadez()
    const renamed = upsert('registration', { ...before, familyName: 'Garba' }, 1, { changedFields: ['familyName'] })
    const [entry] = await refusedAndListed(author, [renamed])
    expect((await keptRows()).map((row) => row.rejection_id)).toContain(entry?.id)
    const withdrawn = withoutPersonalData(before, '2026-12-01')
    expect((await pushOk(server, colleague, [upsert('registration', withdrawn, 1)])).results[0]?.status).toBe('applied')

    // the sealed content that held the person is gone, and the refusal is closed
    expect((await keptRows()).map((row) => row.rejection_id)).not.toContain(entry?.id)
    expect((await listed(supervisor)).map((r) => r.mutationId)).not.toContain(renamed.mutationId)
    // the author's phone, asking again, learns why and stops asking
    const again = await pushOk(server, author, [renamed])
    expect(again.results[0]).toMatchObject({ status: 'duplicate', was: 'rejected' })
    expect(again.results[0]?.errors?.map((e) => e.code)).toContain('discarded_consent_withdrawn')
    // the case stays anonymous on the server
    const stored = await server.db.selectFrom('records').select('data').where('id', '=', before.id).executeTakeFirst()
    expect(stored?.data).not.toContain('Garba')
    // and the deletion is audited as a discard, by whoever wrote the withdrawal, with why
    const audit = await call<AuditPage>(server, '/api/v1/audit?action=rejection_discarded', { token: admin.token })
    expect(audit.body.entries.find((e) => e.details?.rejection === entry?.id)).toMatchObject({
      actorUserId: colleague.user.id,
      target: before.id,
      details: { entity: 'registration', author: author.user.id, reason: 'consent_withdrawn' },
    })
  })

  it('tells when a tally kept at a lost site was counted, and which way', async () => {
    const monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP', 'ARL-FMP'])
    const changed = await call(server, `/api/v1/users/${monitor.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { sites: ['ARL-FMP'] },
    })
    expect(changed.status).toBe(200)
    const tally = flowCount({ observedAt: '2026-11-30T16:45:00.000+01:00', direction: 'incoming' })
    const mutation = upsert('flowCount', tally)
    expect((await pushOk(server, monitor, [mutation])).results[0]?.status).toBe('rejected')
    const entry = (await listed(admin)).find((r) => r.mutationId === mutation.mutationId)
    expect(entry).toMatchObject({ kind: 'lost_site', subject: { case: null, at: tally.observedAt, kind: 'incoming' } })
  })

  it('answers `rejected` when the rules still refuse the work, and keeps it listed', async () => {
    const { author } = await registrarWhoLostAgadez()
    // a link to a case the server never received
    const orphan = upsert('assistance', assistance(namedRegistration().id))
    const [entry] = await refusedAndListed(author, [orphan])
    const answer = await decide(supervisor, 'accept', { ids: [entry?.id] })
    expect(answer.body.results).toEqual([
      { id: entry?.id, status: 'rejected', errors: [expect.objectContaining({ path: ['registrationId'] })] },
    ])
    expect((await listed(supervisor)).map((r) => r.id)).toContain(entry?.id)
    expect(await server.db.selectFrom('records').select('id').where('id', '=', orphan.recordId).execute()).toEqual([])
  })

  it('discards: content deleted, off the list, and the phone asking again learns it', async () => {
    const { author } = await registrarWhoLostAgadez()
    const record = namedRegistration()
    const mutation = upsert('registration', record)
    const [entry] = await refusedAndListed(author, [mutation])
    const id = entry?.id as string
    // only at the supervisor's sites, only for supervisors and admins
    expect((await decide(elsewhere, 'discard-kept', { ids: [id] })).body.results).toEqual([{ id, status: 'not_found' }])
    expect((await decide(elsewhere, 'accept', { ids: [id] })).body.results).toEqual([{ id, status: 'not_found' }])
    expect((await decide(colleague, 'accept', { ids: [id] })).status).toBe(403)
    expect((await decide(author, 'discard-kept', { ids: [id] })).status).toBe(403)
    const answer = await decide(supervisor, 'discard-kept', { ids: [id] })
    expect(answer.body.results).toEqual([{ id, status: 'discarded' }])
    expect((await keptRows()).map((r) => r.rejection_id)).not.toContain(id)
    expect((await listed(supervisor)).map((r) => r.id)).not.toContain(id)
    expect((await decide(supervisor, 'accept', { ids: [id] })).body.results).toEqual([{ id, status: 'not_found' }])
    const again = await pushOk(server, author, [mutation])
    expect(again.results[0]).toMatchObject({ status: 'duplicate', was: 'rejected' })
    expect(again.results[0]?.errors?.map((e) => e.code)).toEqual(['forbidden', 'discarded_by_supervisor'])
    expect(await server.db.selectFrom('records').select('id').where('id', '=', record.id).execute()).toEqual([])
  })

  it('drops the kept work when the author discards the change on the phone', async () => {
    const { author } = await registrarWhoLostAgadez()
    const record = namedRegistration()
    const [entry] = await refusedAndListed(author, [upsert('registration', record)])
    const answer = await call(server, '/api/v1/rejections/discard', {
      token: author.token,
      body: { entity: 'registration', recordId: record.id },
    })
    expect(answer.body).toMatchObject({ discarded: 1, record: null })
    expect((await keptRows()).map((r) => r.rejection_id)).not.toContain(entry?.id)
  })

  it('keeps nothing of work at a site the author never had', async () => {
    const stranger = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const mutation = upsert('registration', namedRegistration({ siteCode: 'AGZ-TC' }))
    const [entry] = await refusedAndListed(stranger, [mutation])
    expect(entry?.kind).toBeUndefined()
    expect((await keptRows()).map((r) => r.mutation_id)).not.toContain(mutation.mutationId)
    expect((await decide(supervisor, 'accept', { ids: [entry?.id] })).body.results).toEqual([
      { id: entry?.id, status: 'not_found' },
    ])
  })

  it('answers hostile bodies with 400 and field errors, never 5xx', async () => {
    const bodies: unknown[] = [
      {},
      { ids: [] },
      { ids: 'all' },
      { ids: ['not-a-uuid'] },
      { ids: [null] },
      { ids: [crypto.randomUUID()], extra: true },
      { ids: Array.from({ length: 101 }, () => crypto.randomUUID()) },
      [crypto.randomUUID()],
      { ids: [{ $ne: null }] },
      { ids: ["' OR 1=1 --"] },
    ]
    for (const what of ['accept', 'discard-kept'] as const) {
      for (const body of bodies) {
        const answer = await decide(supervisor, what, body)
        expect(answer.status, JSON.stringify(body)).toBe(400)
        expect(answer.body.issues?.length, JSON.stringify(body)).toBeGreaterThan(0)
      }
      const text = await call(server, `/api/v1/rejections/${what}`, {
        token: supervisor.token,
        body: '{"ids": [',
      })
      expect(text.status).toBe(400)
      // an unknown id is not an error of the request
      const unknown = crypto.randomUUID()
      expect((await decide(supervisor, what, { ids: [unknown] })).body.results).toEqual([
        { id: unknown, status: 'not_found' },
      ])
    }
  })
})
