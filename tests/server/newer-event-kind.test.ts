/**
 * A case event of a kind a newer version of Relais writes: the schemas read it (a phone
 * keeps what it pulls), but the server, never older than the apps it serves, takes no
 * kind it does not know from a push, and says so as before: `invalid_value` at `kind`,
 * also for a string that is no kind at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RecordRule } from '@/shared/schemas/rule-issue'
import { namedRegistration } from '../helpers/records'
import { caseEvent } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('a case event of a kind the server does not know (%s)', (database) => {
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

  it('is refused at its kind, and stored nowhere', async () => {
    const person = namedRegistration()
    await pushOk(server, registrar, [upsert('registration', person)])
    const by = registrar.user.id
    const known = caseEvent(person.id, { by })
    const newer = { ...caseEvent(person.id, { by }), kind: 'age_assessed', sections: undefined }
    const answer = await pushOk(server, registrar, [upsert('caseEvent', known), upsert('caseEvent', newer)])
    expect(answer.results[0]).toMatchObject({ status: 'applied' })
    expect(answer.results[1]).toMatchObject({ status: 'rejected', errors: [{ path: ['kind'], code: 'invalid_value' }] })
    // garbage is no kind at all
    const garbage = { ...caseEvent(person.id, { by }), kind: 'Age Assessed!' }
    const refused = await pushOk(server, registrar, [upsert('caseEvent', garbage)])
    expect(refused.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['kind'], code: 'invalid_value' }],
    })
    // what another phone of the site pulls
    const pulled = await pullAll(server, supervisor)
    const events = pulled.changes.filter((c) => c.entity === 'caseEvent').map((c) => c.recordId)
    expect(events).toEqual([known.id])
  })

  it('publishes the rule beside the schema, whose kind lists the kinds a push may bring', async () => {
    const got = await call<{
      entities: { caseEvent: { properties: { kind: unknown } } }
      rules: { caseEvent: RecordRule[] }
    }>(server, '/api/v1/schema', { token: registrar.token })
    expect(got.body.rules.caseEvent).toContainEqual(
      expect.objectContaining({ code: 'invalid_value', fields: ['kind'], checkedOn: 'server' }),
    )
    expect(got.body.entities.caseEvent.properties.kind).toEqual({
      type: 'string',
      enum: expect.arrayContaining(['edited', 'consent_withdrawn', 'household_member_stayed']),
    })
  })
})
