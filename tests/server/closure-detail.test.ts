/**
 * The closure reason "other" says what it is (closureDetail), on each database: a push
 * that closes a case so without words is refused at the field (`required_here`); words
 * without "other" are refused by the schema (`not_applicable`); a case closed before the
 * rule still pulls and takes the edits that leave its closure alone; a withdrawal of
 * consent blanks the words, in every version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withoutPersonalData } from '@/shared/case-rules'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('the closure reason "other" in words (%s)', (database) => {
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

  it('refuses a case closed for "other" without words, at closureDetail, and takes it with them', async () => {
    const open = namedRegistration()
    await pushOk(server, registrar, [upsert('registration', open)])
    const bare = { ...open, caseStatus: 'closed' as const, closureReason: 'other' as const }
    const refused = await pushOk(server, registrar, [upsert('registration', bare, 1)])
    expect(refused.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['closureDetail'], code: 'required_here' }],
    })
    const fresh = await pushOk(server, registrar, [
      upsert('registration', namedRegistration({ caseStatus: 'closed', closureReason: 'other' })),
    ])
    expect(fresh.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'required_here' }] })
    const said = { ...bare, closureDetail: 'Hospitalised in Niamey' }
    expect((await pushOk(server, registrar, [upsert('registration', said, 1)])).results[0]?.status).toBe('applied')
    // taking the words away is a change of the closure (a supervisor's: closed-case-ending.test.ts)
    const unsaid = await pushOk(server, supervisor, [upsert('registration', bare, 2)])
    expect(unsaid.results[0]).toMatchObject({ status: 'rejected', errors: [{ code: 'required_here' }] })
  })

  it('refuses words for any reason but "other"', async () => {
    const person = namedRegistration({
      caseStatus: 'closed',
      closureReason: 'left_centre',
      closureDetail: 'Left at night',
    })
    const answer = await pushOk(server, registrar, [upsert('registration', person)])
    expect(answer.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['closureDetail'], code: 'not_applicable' }],
    })
  })

  it('still pulls a case closed for "other" before the rule, and takes the edits that leave its closure alone', async () => {
    const open = namedRegistration({ registeredBy: registrar.user.id })
    const closed = { ...open, caseStatus: 'closed' as const, closureReason: 'left_centre' as const }
    await pushOk(server, registrar, [upsert('registration', open), upsert('registration', closed, 1)])
    // as a server filled before the rule holds it: "other", no words
    const legacy = { ...closed, closureReason: 'other' as const }
    await server.db
      .updateTable('records')
      .set({ data: JSON.stringify(legacy) })
      .where('id', '=', open.id)
      .execute()
    await server.db
      .updateTable('record_versions')
      .set({ data: JSON.stringify(legacy) })
      .where('record_id', '=', open.id)
      .where('rev', '=', 2)
      .execute()
    const pulled = (await pullAll(server, supervisor)).changes.find((c) => c.recordId === open.id)
    expect(pulled).toMatchObject({ data: { closureReason: 'other' } })
    const edited = await pushOk(server, registrar, [
      upsert('registration', { ...legacy, phone: '+227 92 00 00 00' }, 2),
    ])
    expect(edited.results[0]?.status).toBe('applied')
    // a supervisor reopens it: no closure left to explain
    const { closureReason: _reason, ...reopened } = { ...legacy, caseStatus: 'assessed' as const }
    expect((await pushOk(server, supervisor, [upsert('registration', reopened, 3)])).results[0]?.status).toBe('applied')
  })

  it('blanks the words when the person withdraws consent, in every version', async () => {
    const open = namedRegistration()
    const closed = {
      ...open,
      caseStatus: 'closed' as const,
      closureReason: 'other' as const,
      closureDetail: 'With Awa Diallo',
    }
    await pushOk(server, registrar, [upsert('registration', open), upsert('registration', closed, 1)])
    const withdrawn = withoutPersonalData(closed, '2026-12-01')
    expect(withdrawn).toMatchObject({ closureReason: 'other', closureDetail: '—' })
    expect((await pushOk(server, registrar, [upsert('registration', withdrawn, 2)])).results[0]?.status).toBe('applied')
    const versions = await server.db
      .selectFrom('record_versions')
      .select('data')
      .where('record_id', '=', open.id)
      .execute()
    expect(versions).toHaveLength(3)
    for (const version of versions) expect(version.data).not.toContain('Awa')
  })
})
