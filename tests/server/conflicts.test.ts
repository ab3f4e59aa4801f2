import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditPage } from '@/shared/schemas/audit'
import { conflictSchema, resolveConflictResponseSchema, type Conflict } from '@/shared/schemas/conflicts'
import { parseCsv } from '@/server/seed/csv'
import { caseEventSchema } from '@/shared/schemas/case-event'
import type { PulledChange } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { assistance } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

/** The conflict resolutions pulled onto the timeline of case `caseId`. */
const resolutionEvents = (changes: readonly PulledChange[], caseId: string) =>
  changes.flatMap((c) => {
    const event = c.entity === 'caseEvent' ? (c.data as Record<string, unknown> | undefined) : undefined
    return event?.registrationId === caseId && event.kind === 'conflict_resolved' ? [event] : []
  })

describe.each(TEST_DATABASES)('conflicts (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let alpha: Session
  let beta: Session
  let supervisor: Session
  let elsewhere: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    alpha = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    beta = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    elsewhere = await signedInUser(server, admin, 'supervisor', ['ARL-TC'])
  })
  afterAll(() => server.close())

  const list = (session: Session, query = '') =>
    call<Conflict[]>(server, `/api/v1/conflicts${query}`, { token: session.token })
  const resolve = (session: Session, id: string, body: unknown) =>
    call(server, `/api/v1/conflicts/${id}/resolve`, { token: session.token, body })

  /** beta and alpha both change the case status from rev 1: alpha's version waits as a conflict. */
  async function conflictOn(alphaChange: 'edit' | 'delete' = 'edit') {
    const record = namedRegistration({ registeredBy: alpha.user.id })
    await pushOk(server, alpha, [upsert('registration', record)])
    const theirs = { ...record, caseStatus: 'assessed' as const }
    await pushOk(server, beta, [upsert('registration', theirs, 1, { changedFields: ['caseStatus'] })])
    const mine = { ...record, caseStatus: 'assisted' as const, occupation: 'Driver' }
    const mutation =
      alphaChange === 'edit'
        ? upsert('registration', mine, 1, { changedFields: ['caseStatus', 'occupation'] })
        : remove('registration', record.id, 1)
    const { results } = await pushOk(server, alpha, [mutation])
    expect(results[0]?.status).toBe('conflict')
    const conflict = (await list(supervisor)).body.find((c) => c.recordId === record.id)
    if (!conflict) throw new Error('the conflict is not listed')
    return { record, theirs, mine, mutation, conflict }
  }

  it('names a resolved conflict in the audit log by its case number (never by a name), an assistance by its case’s', async () => {
    const record = namedRegistration({ registeredBy: alpha.user.id, caseNumber: 'AGZ-7K-0042' })
    await pushOk(server, alpha, [upsert('registration', record)])
    const help = assistance(record.id)
    await pushOk(server, alpha, [upsert('assistance', help)])
    await pushOk(server, beta, [upsert('assistance', { ...help, notes: 'theirs' }, 1, { changedFields: ['notes'] })])
    const { results } = await pushOk(server, alpha, [
      upsert('assistance', { ...help, notes: 'mine' }, 1, { changedFields: ['notes'] }),
    ])
    expect(results[0]?.status).toBe('conflict')
    const conflict = (await list(supervisor)).body.find((c) => c.recordId === help.id)
    if (!conflict) throw new Error('the conflict is not listed')
    expect((await resolve(supervisor, conflict.id, { choice: 'server' })).status).toBe(200)

    const audit = await call<AuditPage>(server, '/api/v1/audit?action=conflict_resolved', { token: admin.token })
    const entry = audit.body.entries.find((e) => e.details?.recordId === help.id)
    expect(entry?.caseNumbers).toEqual({ [help.id]: 'AGZ-7K-0042' })
    expect(JSON.stringify(entry)).not.toContain(record.familyName)
    // the log itself still holds ids only: the number is read from the case as it is now
    const stored = await server.db.selectFrom('audit_log').select('details').where('target', '=', conflict.id).execute()
    expect(JSON.stringify(stored)).not.toContain('AGZ-7K-0042')
  })

  it('lists open conflicts with both versions to supervisors of the site, and to no one else', async () => {
    const { record, theirs, mine, mutation, conflict } = await conflictOn()
    expect(conflictSchema.safeParse(conflict).success).toBe(true)
    expect(conflict).toMatchObject({
      entity: 'registration',
      siteCode: 'AGZ-TC',
      status: 'open',
      server: { rev: 2, deleted: false, data: theirs },
      incoming: {
        mutationId: mutation.mutationId,
        op: 'upsert',
        baseRev: 1,
        data: mine,
        changedFields: ['caseStatus', 'occupation'],
        deviceId: alpha.deviceId,
        user: { id: alpha.user.id, name: alpha.user.name },
        at: mutation.at,
      },
      resolution: null,
    })
    expect((await list(admin)).body.map((c) => c.recordId)).toContain(record.id)
    expect((await list(elsewhere)).body.map((c) => c.recordId)).not.toContain(record.id)
    expect((await list(alpha)).status).toBe(403)
    expect((await list(supervisor, '?status=maybe')).status).toBe(400)
  })

  it('takes the record’s updatedAt as the device’s time when a phone leaves `at` out', async () => {
    const record = namedRegistration()
    await pushOk(server, alpha, [upsert('registration', record)])
    await pushOk(server, beta, [
      upsert('registration', { ...record, caseStatus: 'assessed' }, 1, { changedFields: ['caseStatus'] }),
    ])
    const mine = { ...record, caseStatus: 'assisted' as const, updatedAt: '2026-11-29T15:04:05.000Z' }
    const { at: _at, ...withoutAt } = upsert('registration', mine, 1, { changedFields: ['caseStatus'] })
    expect((await pushOk(server, alpha, [withoutAt])).results[0]?.status).toBe('conflict')
    const conflict = (await list(supervisor)).body.find((c) => c.recordId === record.id)
    expect(conflict?.incoming.at).toBe('2026-11-29T15:04:05.000Z')
  })

  it('resolves with the server’s version as a new rev that the phone that sent the conflict pulls, once', async () => {
    const { record, theirs, conflict } = await conflictOn()
    const { cursor } = await pullAll(server, alpha)
    const answer = await resolve(supervisor, conflict.id, { choice: 'server' })
    expect(answer.status).toBe(200)
    expect(resolveConflictResponseSchema.safeParse(answer.body).success).toBe(true)
    const kept = { ...theirs, updatedAt: expect.any(String) }
    expect(answer.body).toMatchObject({ status: 'resolved', choice: 'server', rev: 3, deleted: false, data: kept })
    const pulled = await pullAll(server, alpha, 500, cursor)
    expect(pulled.changes.filter((c) => c.entity === 'registration')).toEqual([
      { entity: 'registration', recordId: record.id, rev: 3, deleted: false, data: answer.body.data },
    ])
    expect(resolutionEvents(pulled.changes, record.id)).toEqual([
      expect.objectContaining({
        kind: 'conflict_resolved',
        recordId: record.id,
        choice: 'server',
        by: supervisor.user.id,
      }),
    ])
    const versions = await server.db
      .selectFrom('record_versions')
      .select('rev')
      .where('record_id', '=', record.id)
      .execute()
    expect(versions.map((v) => v.rev).sort()).toEqual([1, 2, 3])
    expect((await list(supervisor)).body.map((c) => c.id)).not.toContain(conflict.id)
    const resolved = (await list(supervisor, '?status=resolved')).body.find((c) => c.id === conflict.id)
    expect(resolved?.resolution).toMatchObject({ choice: 'server', by: supervisor.user.id, rev: 3 })
    const again = await resolve(supervisor, conflict.id, { choice: 'incoming' })
    expect(again.status).toBe(409)
    expect(again.body.error).toBe('already_resolved')
  })

  it('keeps the server’s deletion as a new tombstone rev that the phone pulls', async () => {
    const record = namedRegistration()
    await pushOk(server, alpha, [upsert('registration', record)])
    await pushOk(server, beta, [remove('registration', record.id, 1)])
    const mine = upsert('registration', { ...record, occupation: 'Driver' }, 1, { changedFields: ['occupation'] })
    expect((await pushOk(server, alpha, [mine])).results[0]?.status).toBe('conflict')
    const { cursor } = await pullAll(server, alpha)
    const conflict = (await list(supervisor)).body.find((c) => c.recordId === record.id)
    const answer = await resolve(supervisor, conflict?.id ?? '', { choice: 'server' })
    expect(answer.body).toMatchObject({ rev: 3, deleted: true, data: null })
    const pulled = await pullAll(server, alpha, 500, cursor)
    expect(pulled.changes).toEqual([{ entity: 'registration', recordId: record.id, rev: 3, deleted: true }])
  })

  it('resolves with the incoming version as a new rev that the devices then pull', async () => {
    const { record, mine, conflict } = await conflictOn()
    const { cursor } = await pullAll(server, alpha)
    const answer = await resolve(supervisor, conflict.id, { choice: 'incoming' })
    expect(answer.body).toMatchObject({ choice: 'incoming', rev: 3, deleted: false, data: mine })
    const pulled = await pullAll(server, alpha, 500, cursor)
    expect(pulled.changes.filter((c) => c.entity === 'registration')).toEqual([
      { entity: 'registration', recordId: record.id, rev: 3, deleted: false, data: mine },
    ])
    expect(resolutionEvents(pulled.changes, record.id)).toEqual([
      expect.objectContaining({ kind: 'conflict_resolved', choice: 'incoming', by: supervisor.user.id }),
    ])
    const versions = await server.db
      .selectFrom('record_versions')
      .select('rev')
      .where('record_id', '=', record.id)
      .execute()
    expect(versions.map((v) => v.rev).sort()).toEqual([1, 2, 3])
  })

  it('applies an incoming delete as a tombstone', async () => {
    const { record, conflict } = await conflictOn('delete')
    expect(conflict.incoming).toMatchObject({ op: 'delete', data: null })
    const answer = await resolve(admin, conflict.id, { choice: 'incoming' })
    expect(answer.body).toMatchObject({ rev: 3, deleted: true, data: null })
    const change = (await pullAll(server, beta)).changes.find((c) => c.recordId === record.id)
    expect(change).toEqual({ entity: 'registration', recordId: record.id, rev: 3, deleted: true })
  })

  it('resolves with a merged record, checked with the schema', async () => {
    const { theirs, conflict } = await conflictOn()
    const merged = { ...theirs, occupation: 'Driver' }
    expect((await resolve(supervisor, conflict.id, { choice: 'merged' })).status).toBe(400)
    const bad = await resolve(supervisor, conflict.id, { choice: 'merged', data: { ...merged, nationality: 'XXX' } })
    expect(bad.status).toBe(400)
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: ['data', 'nationality'] })])
    const otherSite = await resolve(supervisor, conflict.id, {
      choice: 'merged',
      data: { ...merged, siteCode: 'ARL-TC' },
    })
    expect(otherSite.status).toBe(400)
    const answer = await resolve(supervisor, conflict.id, { choice: 'merged', data: merged })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ choice: 'merged', rev: 3, data: merged })
  })

  it('puts the resolution on the case’s timeline, and the supervisor’s own phone pulls both', async () => {
    // the supervisor's phone holds the case as it was before the resolution
    const { record, conflict } = await conflictOn()
    const before = await pullAll(server, supervisor)
    expect(before.changes.find((c) => c.recordId === record.id)).toMatchObject({ rev: 2 })
    const answer = await resolve(supervisor, conflict.id, {
      choice: 'merged',
      fields: { caseStatus: 'incoming', occupation: 'server' },
    })
    expect(answer.status).toBe(200)
    const after = await pullAll(server, supervisor, 500, before.cursor)
    expect(after.changes.find((c) => c.recordId === record.id)).toMatchObject({
      rev: 3,
      data: { caseStatus: 'assisted' },
    })
    const [event] = resolutionEvents(after.changes, record.id)
    expect(caseEventSchema.safeParse(event).success).toBe(true)
    expect(event).toMatchObject({
      registrationId: record.id,
      siteCode: 'AGZ-TC',
      kind: 'conflict_resolved',
      recordId: record.id,
      choice: 'merged',
      by: supervisor.user.id,
    })
    // the case events' export says how it was resolved
    const exported = await fetch(`${server.url}/api/v1/export/caseEvent.csv?personal=true`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    })
    const [header = [], tags = [], ...rows] = parseCsv(await exported.text())
    const row = rows.find((r) => r[header.indexOf('id')] === event?.id)
    expect(row?.[header.indexOf('choice')]).toBe('merged')
    expect(tags[header.indexOf('choice')]).toBe('#indicator+resolution')
    // it names what was decided, never a value of the case
    expect(Object.keys(event ?? {}).sort()).toEqual(
      ['at', 'by', 'choice', 'createdAt', 'id', 'kind', 'recordId', 'registrationId', 'siteCode', 'updatedAt'].sort(),
    )
  })

  it('puts the resolution of an assistance’s conflict on its case’s timeline', async () => {
    const kase = namedRegistration()
    await pushOk(server, alpha, [upsert('registration', kase)])
    const given = assistance(kase.id)
    await pushOk(server, alpha, [upsert('assistance', given)])
    await pushOk(server, beta, [upsert('assistance', { ...given, quantity: 3 }, 1, { changedFields: ['quantity'] })])
    const stale = upsert('assistance', { ...given, quantity: 5 }, 1, { changedFields: ['quantity'] })
    expect((await pushOk(server, alpha, [stale])).results[0]?.status).toBe('conflict')
    const conflict = (await list(supervisor)).body.find((c) => c.recordId === given.id)
    const { cursor } = await pullAll(server, beta)
    expect((await resolve(supervisor, conflict?.id ?? '', { choice: 'incoming' })).status).toBe(200)
    const pulled = await pullAll(server, beta, 500, cursor)
    expect(resolutionEvents(pulled.changes, kase.id)).toEqual([
      expect.objectContaining({ recordId: given.id, choice: 'incoming', by: supervisor.user.id }),
    ])
  })

  it('answers 404 for an unknown conflict and for one at another site', async () => {
    const { conflict } = await conflictOn()
    expect((await resolve(supervisor, '00000000-0000-4000-8000-000000000000', { choice: 'server' })).status).toBe(404)
    expect((await resolve(elsewhere, conflict.id, { choice: 'server' })).status).toBe(404)
    expect((await resolve(alpha, conflict.id, { choice: 'server' })).status).toBe(403)
  })
})
