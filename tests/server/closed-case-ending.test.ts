/**
 * How a closed case ended is a supervisor's to change (shared/case-rules.ts,
 * endingChangeRefusal), on each database: a registrar's push that keeps a case closed
 * with another closure reason, or other words for "other", is refused at the field
 * (`reopen_needs_supervisor`, the ended-case rule's code) and the server keeps the
 * closure it holds; a supervisor or an admin changes it; a registrar still edits the
 * rest of a closed case, and a withdrawal of consent still blanks the words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withoutPersonalData } from '@/shared/case-rules'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('the closure of a closed case (%s)', (database) => {
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

  /** A case the registrar registered and closed: stored at rev 2. */
  const closedCase = async (closure: Pick<NamedRegistration, 'closureReason' | 'closureDetail'>) => {
    const open = namedRegistration({ registeredBy: registrar.user.id })
    const closed: NamedRegistration = { ...open, caseStatus: 'closed', ...closure }
    const answer = await pushOk(server, registrar, [upsert('registration', open), upsert('registration', closed, 1)])
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    return closed
  }
  const stored = async (id: string) =>
    (await pullAll(server, supervisor)).changes.filter((c) => c.recordId === id).at(-1)?.data

  it("refuses a registrar's other closure reason at closureReason, and keeps the one stored", async () => {
    const closed = await closedCase({ closureReason: 'returned_home' })
    const answer = await pushOk(server, registrar, [
      upsert('registration', { ...closed, closureReason: 'continued_journey' }, 2),
    ])
    expect(answer.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['closureReason'], code: 'reopen_needs_supervisor' }],
    })
    // to "other", with words: the same
    const other = await pushOk(server, registrar, [
      upsert('registration', { ...closed, closureReason: 'other', closureDetail: 'Left with a smuggler' }, 2),
    ])
    expect(other.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['closureReason'], code: 'reopen_needs_supervisor' }],
    })
    expect(await stored(closed.id)).toMatchObject({ caseStatus: 'closed', closureReason: 'returned_home' })
  })

  it('refuses a registrar\'s other words for the reason "other" at closureDetail', async () => {
    const closed = await closedCase({ closureReason: 'other', closureDetail: 'Hospitalised in Niamey' })
    const answer = await pushOk(server, registrar, [
      upsert('registration', { ...closed, closureDetail: 'Hospitalised in Agadez' }, 2),
    ])
    expect(answer.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['closureDetail'], code: 'reopen_needs_supervisor' }],
    })
    expect(await stored(closed.id)).toMatchObject({ closureDetail: 'Hospitalised in Niamey' })
  })

  it('lets a supervisor or an admin change why a case closed', async () => {
    const closed = await closedCase({ closureReason: 'left_centre' })
    const corrected = { ...closed, closureReason: 'continued_journey' as const }
    expect((await pushOk(server, supervisor, [upsert('registration', corrected, 2)])).results[0]).toMatchObject({
      status: 'applied',
      rev: 3,
    })
    const again = { ...corrected, closureReason: 'other' as const, closureDetail: 'Went back to Arlit' }
    expect((await pushOk(server, admin, [upsert('registration', again, 3)])).results[0]).toMatchObject({
      status: 'applied',
      rev: 4,
    })
    expect(await stored(closed.id)).toMatchObject({ closureReason: 'other', closureDetail: 'Went back to Arlit' })
  })

  it("takes a registrar's edit of the rest of a closed case, and a stale one keeps the supervisor's closure", async () => {
    const closed = await closedCase({ closureReason: 'other', closureDetail: 'Hospitalised in Niamey' })
    const edited = { ...closed, phone: '+227 93 00 00 00' }
    expect((await pushOk(server, registrar, [upsert('registration', edited, 2)])).results[0]?.status).toBe('applied')
    const corrected = { ...edited, closureReason: 'deceased' as const, closureDetail: undefined }
    expect((await pushOk(server, supervisor, [upsert('registration', corrected, 3)])).results[0]?.status).toBe(
      'applied',
    )
    // a registrar's phone still at rev 3 edits another field: it merges over the supervisor's closure
    const stale = await pushOk(server, registrar, [
      upsert('registration', { ...edited, phone: '+227 94 00 00 00' }, 3, { changedFields: ['phone'] }),
    ])
    expect(stale.results[0]).toMatchObject({ status: 'merged', data: { closureReason: 'deceased' } })
  })

  it('still lets a registrar record a withdrawal of consent, which blanks the words', async () => {
    const closed = await closedCase({ closureReason: 'other', closureDetail: 'With Awa Diallo' })
    const withdrawn = withoutPersonalData(closed, '2026-12-01')
    const answer = await pushOk(server, registrar, [upsert('registration', withdrawn, 2)])
    expect(answer.results[0]?.status).toBe('applied')
    // the words blanked, but no other reason slipped in with the withdrawal
    const slipped = await closedCase({ closureReason: 'other', closureDetail: 'With Awa Diallo' })
    const changed = { ...withoutPersonalData(slipped, '2026-12-01'), closureReason: 'left_centre' as const }
    const { closureDetail: _words, ...withoutWords } = changed
    const refused = await pushOk(server, registrar, [upsert('registration', withoutWords, 2)])
    expect(refused.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['closureReason'], code: 'reopen_needs_supervisor' }],
    })
  })
})
