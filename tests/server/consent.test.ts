import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anonymousRegistration, namedRegistration } from '../helpers/records'
import { referral } from './helpers/case-records'
import { pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('consent on the server (%s)', (database) => {
  let server: TestServer
  let registrar: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    registrar = await signedInUser(server, await loginAdmin(server), 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const stored = async (id: string) =>
    server.db.selectFrom('records').select('id').where('id', '=', id).executeTakeFirst()
  const consentRequired = {
    status: 'rejected',
    errors: [expect.objectContaining({ path: ['consentToShare'], code: 'consent_required' })],
  }

  it('refuses a partner referral without consent to share, or for a person who did not consent to sharing', async () => {
    const consenting = namedRegistration()
    const notSharing = namedRegistration({ consentSharing: false })
    const anonymous = anonymousRegistration()
    const noFlag = referral(consenting.id, { consentToShare: false })
    const refused = referral(notSharing.id, { to: 'red_cross' })
    const refusedAnonymous = referral(anonymous.id, { to: 'child_protection_services' })
    const answer = await pushOk(server, registrar, [
      upsert('registration', consenting),
      upsert('registration', notSharing),
      upsert('registration', anonymous),
      upsert('referral', noFlag),
      upsert('referral', refused),
      upsert('referral', refusedAnonymous),
    ])
    expect(answer.results.slice(3)).toEqual([
      expect.objectContaining(consentRequired),
      expect.objectContaining(consentRequired),
      expect.objectContaining(consentRequired),
    ])
    for (const record of [noFlag, refused, refusedAnonymous]) expect(await stored(record.id)).toBeUndefined()
  })

  it('accepts referrals to IOM units without consent to share, and partner referrals with it', async () => {
    const anonymous = anonymousRegistration()
    const consenting = namedRegistration()
    const answer = await pushOk(server, registrar, [
      upsert('registration', anonymous),
      upsert('registration', consenting),
      upsert('referral', referral(anonymous.id, { to: 'iom_medical', consentToShare: false })),
      upsert('referral', referral(consenting.id, { to: 'unhcr', consentToShare: true })),
    ])
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied'])
  })

  it('refuses a name on an anonymous registration, and stores nothing of it', async () => {
    const record = { ...anonymousRegistration(), givenName: 'Ibrahim' }
    const answer = await pushOk(server, registrar, [upsert('registration', record)])
    expect(answer.results[0]).toMatchObject({ status: 'rejected' })
    expect(answer.results[0]!.errors!.some((e) => e.code === 'unrecognized_keys')).toBe(true)
    expect(await stored(record.id)).toBeUndefined()
    const versions = await server.db.selectFrom('record_versions').select('data').execute()
    expect(JSON.stringify(versions)).not.toContain('Ibrahim')
  })
})
