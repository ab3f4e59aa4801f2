/**
 * Problems name what each entry is about, over real HTTP on SQLite and PostgreSQL: the
 * conflict, refusal and quarantine lists carry (additively) the case a record is or
 * belongs to, by number and name, a tally's or survey's time and kind, and the phone's
 * name. A case is named only from the server's own readable versions, never from refused
 * or unreadable content, and only to a viewer covering its site; such reads are audited
 * with counts.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditPage } from '@/shared/schemas/audit'
import { conflictSchema, type Conflict } from '@/shared/schemas/conflicts'
import { quarantineListSchema, type QuarantineList } from '@/shared/schemas/quarantine'
import { rejectionListSchema, type RejectionList } from '@/shared/schemas/rejections'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, upsert } from './helpers/sync-client'
import {
  call,
  loginAdmin,
  signedInUser,
  startTestServer,
  TEST_PASSWORD,
  type Session,
  type TestServer,
} from './helpers/test-server'

/** A case number no other test of this server holds. */
const caseNumber = () => `AGZ-${randomUUID().slice(0, 4).toUpperCase()}-0003`

describe.each(TEST_DATABASES)('what Problems entries are about (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let alpha: Session
  let beta: Session
  let monitorA: Session
  let monitorB: Session
  let arlit: Session
  let supervisor: Session
  let elsewhere: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    alpha = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    beta = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    monitorA = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    monitorB = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'SEG-FMP'])
    elsewhere = await signedInUser(server, admin, 'supervisor', ['ARL-TC'])
    // alpha names the phone at sign-in, as the Devices list shows it
    const named = await call(server, '/api/v1/auth/login', {
      body: {
        username: alpha.user.username,
        password: TEST_PASSWORD,
        deviceId: alpha.deviceId,
        deviceName: 'Tecno Aïcha',
      },
    })
    expect(named.status).toBe(200)
    alpha = { ...alpha, token: (named.body as { token: string }).token }
  })
  afterAll(() => server.close())

  const conflicts = async (session: Session) =>
    (await call<Conflict[]>(server, '/api/v1/conflicts', { token: session.token })).body
  const refusals = async (session: Session) => {
    const answer = await call<RejectionList>(server, '/api/v1/rejections', { token: session.token })
    expect(answer.status).toBe(200)
    expect(rejectionListSchema.safeParse(answer.body).success).toBe(true)
    return answer.body.records
  }

  /** `second` changes `field` from rev 1 after `first` did: its version waits as a conflict. */
  async function conflictOn<T extends { id: string }>(
    entity: 'registration' | 'assistance' | 'flowCount',
    record: T,
    [first, second]: [Session, Session],
    changes: [Partial<T>, Partial<T>],
  ): Promise<Conflict> {
    const fields = Object.keys(changes[0])
    await pushOk(server, first, [upsert(entity, { ...record, ...changes[0] }, 1, { changedFields: fields })])
    const { results } = await pushOk(server, second, [
      upsert(entity, { ...record, ...changes[1] }, 1, { changedFields: fields }),
    ])
    expect(results[0]?.status).toBe('conflict')
    const conflict = (await conflicts(supervisor)).find((c) => c.recordId === record.id)
    if (!conflict) throw new Error('the conflict is not listed')
    expect(conflictSchema.safeParse(conflict).success).toBe(true)
    return conflict
  }

  it('names a conflict’s case by number and name, and the phone by the name given at sign-in', async () => {
    const record = namedRegistration({ caseNumber: caseNumber(), givenName: 'Hadiza', familyName: 'Souley' })
    await pushOk(server, beta, [upsert('registration', record)])
    const conflict = await conflictOn(
      'registration',
      record,
      [beta, alpha],
      [{ caseStatus: 'assessed' }, { caseStatus: 'assisted' }],
    )
    expect(conflict.subject).toEqual({
      case: { id: record.id, caseNumber: record.caseNumber, name: 'Hadiza Souley' },
      at: null,
      kind: null,
    })
    expect(conflict.incoming).toMatchObject({ deviceId: alpha.deviceId, deviceName: 'Tecno Aïcha' })
  })

  it('names the case an assistance belongs to, and a phone without a name as null', async () => {
    const person = namedRegistration({ caseNumber: caseNumber(), givenName: 'Moussa', familyName: 'Ibrahim' })
    const help = assistance(person.id)
    await pushOk(server, beta, [upsert('registration', person), upsert('assistance', help)])
    const conflict = await conflictOn('assistance', help, [alpha, beta], [{ quantity: 2 }, { quantity: 3 }])
    expect(conflict.subject?.case).toEqual({ id: person.id, caseNumber: person.caseNumber, name: 'Moussa Ibrahim' })
    expect(conflict.incoming.deviceName).toBeNull()
  })

  it('says when a tally was counted and which way, never a case', async () => {
    const tally = flowCount({ observedAt: '2026-11-29T09:30:00.000+01:00', direction: 'outgoing' })
    await pushOk(server, monitorA, [upsert('flowCount', tally)])
    const conflict = await conflictOn(
      'flowCount',
      tally,
      [monitorA, monitorB],
      [{ transport: 'bus' }, { transport: 'car' }],
    )
    expect(conflict.subject).toEqual({ case: null, at: tally.observedAt, kind: 'outgoing' })
  })

  it('names a refused edit’s case from the server’s version, and a refused new record not at all', async () => {
    const stored = namedRegistration({ caseNumber: caseNumber(), givenName: 'Hadiza', familyName: 'Souley' })
    await pushOk(server, beta, [upsert('registration', stored)])
    const badEdit = upsert('registration', { ...stored, givenName: 'Hadizatou', dateOfBirth: '1800-01-01' }, 1, {
      changedFields: ['givenName', 'dateOfBirth'],
    })
    const fresh = namedRegistration({ givenName: 'Zeinabou', nationality: 'XXX' })
    const { results } = await pushOk(server, alpha, [badEdit, upsert('registration', fresh)])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    const listed = await refusals(supervisor)
    const edit = listed.find((r) => r.recordId === stored.id)
    expect(edit).toMatchObject({
      deviceName: 'Tecno Aïcha',
      subject: { case: { id: stored.id, caseNumber: stored.caseNumber, name: 'Hadiza Souley' }, at: null, kind: null },
    })
    expect(listed.find((r) => r.recordId === fresh.id)?.subject).toEqual({ case: null, at: null, kind: null })
    // what was refused is never listed: neither the new record nor the edit's new name
    expect(JSON.stringify(listed)).not.toContain('Zeinabou')
    expect(JSON.stringify(listed)).not.toContain('Hadizatou')
  })

  it('names a case only to a viewer covering its site', async () => {
    const theirs = namedRegistration({ siteCode: 'ARL-TC', givenName: 'Rakia', familyName: 'Adamou' })
    await pushOk(server, arlit, [upsert('registration', theirs)])
    // alpha (Agadez) edits Arlit's case: refused, and listed to alpha's supervisor too
    const edit = upsert('registration', { ...theirs, caseStatus: 'assessed' }, 1, { changedFields: ['caseStatus'] })
    expect((await pushOk(server, alpha, [edit])).results[0]?.status).toBe('rejected')
    const mine = (await refusals(supervisor)).find((r) => r.recordId === theirs.id)
    expect(mine?.subject).toEqual({ case: null, at: null, kind: null })
    const arlits = (await refusals(elsewhere)).find((r) => r.recordId === theirs.id)
    expect(arlits?.subject?.case).toEqual({ id: theirs.id, caseNumber: null, name: 'Rakia Adamou' })
  })

  it('audits a list that names cases, with counts and never a name', async () => {
    await refusals(supervisor)
    const audit = await call<AuditPage>(server, '/api/v1/audit?limit=20', { token: admin.token })
    const read = audit.body.entries.find((e) => e.action === 'records_read' && e.actorUserId === supervisor.user.id)
    expect(read?.details).toEqual({ registration: expect.any(Number) })
    expect(JSON.stringify(audit.body)).not.toContain('Souley')
  })

  it('names a quarantined record’s case and phone, never from its unreadable content', async () => {
    const person = namedRegistration({ caseNumber: caseNumber(), givenName: 'Fati', familyName: 'Hamani' })
    await pushOk(server, alpha, [upsert('registration', person)])
    const broken = { ...assistance(person.id), quantity: -1 }
    const brokenCase = { ...namedRegistration({ givenName: 'Nafissa', caseNumber: caseNumber() }), sex: 'unknown' }
    const tally = { ...flowCount({ observedAt: '2026-11-28T07:15:00.000+01:00' }), total: 1 }
    const quarantined = [
      { entity: 'assistance', data: broken, site: 'AGZ-TC' },
      { entity: 'registration', data: brokenCase, site: 'AGZ-TC' },
      { entity: 'flowCount', data: tally, site: 'SEG-FMP' },
    ] as const
    const at = new Date().toISOString()
    for (const { entity, data, site } of quarantined) {
      await server.db
        .insertInto('record_versions')
        .values({
          record_id: data.id,
          rev: 1,
          entity,
          deleted: 0,
          data: JSON.stringify(data),
          device_id: alpha.deviceId,
          user_id: alpha.user.id,
          mutation_id: randomUUID(),
          server_time: at,
        })
        .execute()
      await server.db
        .insertInto('quarantined_records')
        .values({
          id: randomUUID(),
          record_id: data.id,
          entity,
          site_code: site,
          rev: 1,
          device_id: alpha.deviceId,
          user_id: alpha.user.id,
          errors: JSON.stringify([{ path: ['x'], code: 'invalid_value' }]),
          found_at: at,
        })
        .execute()
    }
    const answer = await call<QuarantineList>(server, '/api/v1/quarantine', { token: supervisor.token })
    expect(answer.status).toBe(200)
    expect(quarantineListSchema.safeParse(answer.body).success).toBe(true)
    const byId = new Map(answer.body.records.map((r) => [r.recordId, r]))
    expect(byId.get(broken.id)).toMatchObject({
      deviceName: 'Tecno Aïcha',
      subject: { case: { id: person.id, caseNumber: person.caseNumber, name: 'Fati Hamani' }, at: null, kind: null },
    })
    // a case that no longer reads is not named from what no longer reads
    expect(byId.get(brokenCase.id)?.subject).toEqual({ case: null, at: null, kind: null })
    expect(JSON.stringify(answer.body)).not.toContain('Nafissa')
    expect(byId.get(tally.id)?.subject).toEqual({ case: null, at: tally.observedAt, kind: 'outgoing' })
    const theirs = await call<QuarantineList>(server, '/api/v1/quarantine', { token: elsewhere.token })
    expect(theirs.body.records.map((r) => r.recordId)).not.toContain(broken.id)
  })
})
