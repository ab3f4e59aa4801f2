/**
 * Problems for supervisors, over real HTTP on SQLite and PostgreSQL: refused records
 * (listed without their content, leaving the list once fixed and accepted or discarded
 * by their author) and open conflicts resolved field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConflictResponseSchema, type Conflict } from '@/shared/schemas/conflicts'
import {
  discardRejectionAnswerSchema,
  rejectionListSchema,
  type DiscardRejectionAnswer,
  type RejectionList,
} from '@/shared/schemas/rejections'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('problems (%s)', (database) => {
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

  const conflicts = async (session: Session) =>
    (await call<Conflict[]>(server, '/api/v1/conflicts', { token: session.token })).body
  const resolve = (session: Session, id: string, body: unknown) =>
    call<Record<string, unknown> & { issues?: unknown[] }>(server, `/api/v1/conflicts/${id}/resolve`, {
      token: session.token,
      body,
    })
  const refused = (session: Session) => call<RejectionList>(server, '/api/v1/rejections', { token: session.token })
  const refusedIds = async (session: Session) => (await refused(session)).body.records.map((r) => r.recordId)
  const discard = (session: Session, body: unknown) =>
    call<DiscardRejectionAnswer>(server, '/api/v1/rejections/discard', { token: session.token, body })

  describe('conflicts field by field', () => {
    /** beta changes the status and the occupation, alpha the status and the phone, both from rev 1. */
    async function conflictOn(alphaChange: 'edit' | 'delete' = 'edit') {
      const record = namedRegistration({ occupation: 'Tailor', registeredBy: alpha.user.id })
      await pushOk(server, alpha, [upsert('registration', record)])
      const theirs = { ...record, caseStatus: 'assessed' as const, occupation: 'Driver' }
      await pushOk(server, beta, [upsert('registration', theirs, 1, { changedFields: ['caseStatus', 'occupation'] })])
      const mine = { ...record, caseStatus: 'assisted' as const, phone: '+22790000000' }
      const mutation =
        alphaChange === 'edit'
          ? upsert('registration', mine, 1, { changedFields: ['caseStatus', 'phone'] })
          : remove('registration', record.id, 1)
      expect((await pushOk(server, alpha, [mutation])).results[0]?.status).toBe('conflict')
      const conflict = (await conflicts(supervisor)).find((c) => c.recordId === record.id)
      if (!conflict) throw new Error('the conflict is not listed')
      return { record, theirs, mine, conflict }
    }

    it('makes the record from the side chosen for each field, as a new rev every phone pulls', async () => {
      const { record, theirs, conflict } = await conflictOn()
      const { cursor } = await pullAll(server, beta)
      const answer = await resolve(supervisor, conflict.id, {
        choice: 'merged',
        fields: { caseStatus: 'incoming', occupation: 'server', phone: 'incoming' },
      })
      expect(answer.status).toBe(200)
      expect(resolveConflictResponseSchema.safeParse(answer.body).success).toBe(true)
      const expected = { ...theirs, caseStatus: 'assisted', phone: '+22790000000', updatedAt: expect.any(String) }
      expect(answer.body).toMatchObject({ choice: 'merged', rev: 3, deleted: false, data: expected })
      const pulled = (await pullAll(server, beta, 500, cursor)).changes.filter((c) => c.recordId === record.id)
      expect(pulled).toEqual([{ entity: 'registration', recordId: record.id, rev: 3, deleted: false, data: expected }])
      expect((await conflicts(supervisor)).map((c) => c.id)).not.toContain(conflict.id)
    })

    it('leaves out a field when the side chosen does not have it', async () => {
      const { record, conflict } = await conflictOn()
      const answer = await resolve(admin, conflict.id, {
        choice: 'merged',
        fields: { caseStatus: 'server', occupation: 'server', phone: 'server' },
      })
      expect(answer.status).toBe(200)
      const data = answer.body.data as Record<string, unknown>
      expect(data).toMatchObject({ id: record.id, caseStatus: 'assessed', occupation: 'Driver' })
      expect(data).not.toHaveProperty('phone')
      // even the server's own fields make a new version: the phone in conflict pulls it
      expect(answer.body.rev).toBe(3)
    })

    it('answers 400 with field errors for a missing, extra or unknown choice, and keeps the conflict open', async () => {
      const { conflict } = await conflictOn()
      const missing = await resolve(supervisor, conflict.id, { choice: 'merged', fields: { caseStatus: 'incoming' } })
      expect(missing.status).toBe(400)
      expect(missing.body.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: ['fields', 'occupation'], code: 'choice_missing' }),
          expect.objectContaining({ path: ['fields', 'phone'], code: 'choice_missing' }),
        ]),
      )
      const extra = await resolve(supervisor, conflict.id, {
        choice: 'merged',
        fields: { caseStatus: 'incoming', occupation: 'server', phone: 'server', sex: 'incoming' },
      })
      expect(extra.status).toBe(400)
      expect(extra.body.issues).toEqual([expect.objectContaining({ path: ['fields', 'sex'], code: 'not_in_conflict' })])
      const side = await resolve(supervisor, conflict.id, { choice: 'merged', fields: { caseStatus: 'mine' } })
      expect(side.status).toBe(400)
      expect(side.body.issues).toEqual([expect.objectContaining({ path: ['fields', 'caseStatus'] })])
      const both = await resolve(supervisor, conflict.id, { choice: 'merged', data: {}, fields: {} })
      expect(both.body.issues).toEqual([expect.objectContaining({ path: ['fields'], code: 'not_applicable' })])
      const notMerged = await resolve(supervisor, conflict.id, { choice: 'server', fields: { caseStatus: 'server' } })
      expect(notMerged.status).toBe(400)
      expect((await conflicts(supervisor)).map((c) => c.id)).toContain(conflict.id)
    })

    it('answers 400 for the record the choices make when it breaks a rule of its schema', async () => {
      const record = namedRegistration({ registeredOn: '2026-11-29', dateOfBirth: '1990-01-01' })
      await pushOk(server, alpha, [upsert('registration', record)])
      const theirs = { ...record, registeredOn: '2000-01-01', caseStatus: 'assessed' as const }
      await pushOk(server, beta, [upsert('registration', theirs, 1, { changedFields: ['registeredOn', 'caseStatus'] })])
      const mine = { ...record, dateOfBirth: '2005-01-01', caseStatus: 'assisted' as const }
      await pushOk(server, alpha, [upsert('registration', mine, 1, { changedFields: ['dateOfBirth', 'caseStatus'] })])
      const conflict = (await conflicts(supervisor)).find((c) => c.recordId === record.id)
      if (!conflict) throw new Error('the conflict is not listed')
      // born in 2005, registered in 2000: each side alone is fine, this mix is not
      const bad = await resolve(supervisor, conflict.id, {
        choice: 'merged',
        fields: { registeredOn: 'server', dateOfBirth: 'incoming', caseStatus: 'incoming' },
      })
      expect(bad.status).toBe(400)
      expect(bad.body.issues).toEqual([
        expect.objectContaining({ path: ['data', 'dateOfBirth'], code: 'birth_after_registration' }),
      ])
      expect((await conflicts(supervisor)).map((c) => c.id)).toContain(conflict.id)
    })

    it('chooses a deletion whole, never field by field', async () => {
      const { conflict } = await conflictOn('delete')
      const answer = await resolve(supervisor, conflict.id, { choice: 'merged', fields: { caseStatus: 'server' } })
      expect(answer.status).toBe(400)
      expect(answer.body.issues).toEqual([expect.objectContaining({ path: ['fields'], code: 'not_applicable' })])
    })

    it('resolves only at the supervisor’s sites', async () => {
      const { conflict } = await conflictOn()
      const fields = { caseStatus: 'incoming', occupation: 'server', phone: 'server' }
      expect((await resolve(elsewhere, conflict.id, { choice: 'merged', fields })).status).toBe(404)
      expect((await resolve(alpha, conflict.id, { choice: 'merged', fields })).status).toBe(403)
      expect((await conflicts(elsewhere)).map((c) => c.id)).not.toContain(conflict.id)
    })
  })

  describe('refused records', () => {
    it('lists them with ids, site, device, author and codes, never their content', async () => {
      const wrongSite = namedRegistration({ siteCode: 'ARL-TC', givenName: 'Zeinabou' })
      const badDate = namedRegistration({ nationality: 'XXX', givenName: 'Zeinabou' })
      const { results } = await pushOk(server, alpha, [
        upsert('registration', wrongSite),
        upsert('registration', badDate),
      ])
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
      const answer = await refused(supervisor)
      expect(answer.status).toBe(200)
      expect(rejectionListSchema.safeParse(answer.body).success).toBe(true)
      const mine = answer.body.records.filter((r) => [wrongSite.id, badDate.id].includes(r.recordId))
      expect(mine).toHaveLength(2)
      expect(mine.find((r) => r.recordId === badDate.id)).toMatchObject({
        entity: 'registration',
        siteCode: 'AGZ-TC',
        deviceId: alpha.deviceId,
        user: { id: alpha.user.id, name: alpha.user.name },
        errors: [{ path: ['nationality'], code: 'country_code' }],
      })
      // refused because the site is not alpha's: still alpha's supervisor's problem, named by that site
      expect(mine.find((r) => r.recordId === wrongSite.id)).toMatchObject({ siteCode: 'ARL-TC' })
      expect(JSON.stringify(answer.body)).not.toContain('Zeinabou')
      // the other site's supervisor sees the one naming their site, not the other
      const theirs = await refusedIds(elsewhere)
      expect(theirs).toContain(wrongSite.id)
      expect(theirs).not.toContain(badDate.id)
      expect(await refusedIds(admin)).toEqual(expect.arrayContaining([wrongSite.id, badDate.id]))
      expect((await refused(alpha)).status).toBe(403)
    })

    it('keeps one entry per refused mutation, however often it is replayed', async () => {
      const mutation = upsert('registration', namedRegistration({ consentDate: '1700-01-01' }))
      await pushOk(server, alpha, [mutation])
      await pushOk(server, alpha, [mutation])
      const ids = await refusedIds(supervisor)
      expect(ids.filter((id) => id === mutation.recordId)).toHaveLength(1)
    })

    it('leaves the list once the same phone sends a fixed version that is accepted', async () => {
      const record = namedRegistration({ registeredOn: '1800-01-01' })
      await pushOk(server, alpha, [upsert('registration', record)])
      expect(await refusedIds(supervisor)).toContain(record.id)
      // another user's accepted version of another record changes nothing here
      await pushOk(server, beta, [upsert('registration', namedRegistration())])
      expect(await refusedIds(supervisor)).toContain(record.id)
      const fixed = upsert('registration', { ...record, registeredOn: '2026-11-29' })
      expect((await pushOk(server, alpha, [fixed])).results[0]?.status).toBe('applied')
      expect(await refusedIds(supervisor)).not.toContain(record.id)
    })

    it('discards a refused edit: the list drops it and the phone gets the server’s version back', async () => {
      const record = namedRegistration({ registeredBy: alpha.user.id })
      await pushOk(server, alpha, [upsert('registration', record)])
      const edit = upsert('registration', { ...record, dateOfBirth: '1800-01-01' }, 1, {
        changedFields: ['dateOfBirth'],
      })
      expect((await pushOk(server, alpha, [edit])).results[0]?.status).toBe('rejected')
      expect((await discard(beta, { entity: 'registration', recordId: record.id })).status).toBe(404)
      const answer = await discard(alpha, { entity: 'registration', recordId: record.id })
      expect(answer.status).toBe(200)
      expect(discardRejectionAnswerSchema.safeParse(answer.body).success).toBe(true)
      expect(answer.body).toEqual({
        recordId: record.id,
        discarded: 1,
        record: { entity: 'registration', recordId: record.id, rev: 1, deleted: false, data: record },
      })
      expect(await refusedIds(supervisor)).not.toContain(record.id)
    })

    it('discards a record the server never accepted: nothing to return to', async () => {
      const record = namedRegistration({ siteCode: 'ARL-TC' })
      await pushOk(server, alpha, [upsert('registration', record)])
      const answer = await discard(alpha, { entity: 'registration', recordId: record.id })
      expect(answer.body).toMatchObject({ recordId: record.id, discarded: 1, record: null })
      expect(await refusedIds(elsewhere)).not.toContain(record.id)
    })

    it('answers 400 for a bad discard request and 404 for a record never refused', async () => {
      const bad = await discard(alpha, { entity: 'registration', recordId: 'not-a-uuid', extra: 1 })
      expect(bad.status).toBe(400)
      expect((await discard(alpha, { entity: 'registration', recordId: namedRegistration().id })).status).toBe(404)
    })
  })
})
