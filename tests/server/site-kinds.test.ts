/**
 * A record is kept at a site the server knows, of the kind that keeps it: a case and its
 * assistance at a transit centre, a tally and a closed day at a flow monitoring point.
 * An admin may write everywhere, and a client of another make could name any code: the
 * push refuses such a record (`wrong_site_kind`) and nothing of it is stored or counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowCount, fmpStatus, namedRegistration } from '../helpers/records'
import { assistance } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const WRONG_SITE = [expect.objectContaining({ path: ['siteCode'], code: 'wrong_site_kind' })]

describe.each(TEST_DATABASES)("a record's site and its kind (%s)", (database) => {
  let server: TestServer
  let admin: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  it('refuses records at a site that does not exist or keeps other records, even from an admin', async () => {
    const atCheckpoint = namedRegistration({ siteCode: 'SEG-FMP' })
    const nowhere = namedRegistration({ siteCode: 'ZZZ-TC' })
    const tallyAtCentre = flowCount({ siteCode: 'AGZ-TC' })
    const tallyNowhere = flowCount({ siteCode: 'ZZZ-FMP' })
    const closedAtCentre = fmpStatus({ siteCode: 'AGZ-TC' })
    const answer = await pushOk(server, admin, [
      upsert('registration', atCheckpoint),
      upsert('registration', nowhere),
      upsert('flowCount', tallyAtCentre),
      upsert('flowCount', tallyNowhere),
      upsert('fmpStatus', closedAtCentre),
    ])
    for (const result of answer.results) {
      expect(result).toMatchObject({ status: 'rejected', errors: WRONG_SITE })
    }
    const stored = (await pullAll(server, admin)).changes.map((change) => change.recordId)
    for (const record of [atCheckpoint, nowhere, tallyAtCentre, tallyNowhere, closedAtCentre]) {
      expect(stored).not.toContain(record.id)
    }
  })

  it('refuses a registrar assigned to a checkpoint a case there', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['SEG-FMP'])
    const answer = await pushOk(server, registrar, [upsert('registration', namedRegistration({ siteCode: 'SEG-FMP' }))])
    expect(answer.results[0]).toMatchObject({ status: 'rejected', errors: WRONG_SITE })
  })

  it('takes records at sites of their kind, and checks a site again only when it changes', async () => {
    const person = namedRegistration({ siteCode: 'AGZ-TC' })
    const help = assistance(person.id, { siteCode: 'AGZ-TC' })
    const tally = flowCount({ siteCode: 'SEG-FMP' })
    const made = await pushOk(server, admin, [
      upsert('registration', person),
      upsert('assistance', help),
      upsert('flowCount', tally),
    ])
    expect(made.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])

    const edited = await pushOk(server, admin, [
      upsert('flowCount', { ...tally, transport: 'bus' }, 1),
      upsert('flowCount', { ...tally, siteCode: 'AGZ-TC' }, 2),
    ])
    expect(edited.results[0]).toMatchObject({ status: 'applied', rev: 2 })
    expect(edited.results[1]).toMatchObject({ status: 'rejected', errors: WRONG_SITE })
  })
})
