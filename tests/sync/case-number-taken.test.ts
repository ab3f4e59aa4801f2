/**
 * A case refused because another case holds its number, against the real server: the
 * server refuses it at `caseNumber` (case_number_taken) and the phone keeps it refused;
 * given the phone's next number (renumberCase), it is sent again and taken, the other
 * case untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CASE_COUNTER_KEY } from '@/data/db'
import { pendingCount } from '@/data/outbox'
import { getRecord, saveRecord } from '@/data/records'
import { renumberCase } from '@/features/registration/save-case'
import { namedRegistration } from '../helpers/records'
import { pushOk, upsert } from '../server/helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from '../server/helpers/test-server'
import { serverPhone } from './server-phone'

describe('a case whose number another case holds', () => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer()
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  it('is refused at its number, then taken with the phone’s next number', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const other = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    // another client took the number first
    const first = namedRegistration({ caseNumber: 'AGZ-Q3-0001', givenName: 'Hawa' })
    await pushOk(server, other, [upsert('registration', first)])

    const { db, engine } = serverPhone(server, registrar)
    const mine = namedRegistration({ caseNumber: 'AGZ-Q3-0001', givenName: 'Mamadou', registeredBy: registrar.user.id })
    await saveRecord(db, 'registration', mine)
    await db.meta.put({ key: CASE_COUNTER_KEY, value: 1 })
    engine.start()
    await engine.idle()
    const refused = await getRecord(db, 'registration', mine.id)
    expect(refused).toMatchObject({ state: 'rejected', errors: [{ path: ['caseNumber'], code: 'case_number_taken' }] })

    if (!refused) throw new Error('the case left the phone')
    await renumberCase(db, refused.data, 'Q3')
    await engine.syncNow()
    await engine.idle()

    expect(await pendingCount(db)).toBe(0)
    expect(await getRecord(db, 'registration', mine.id)).toMatchObject({
      state: 'sent',
      data: { caseNumber: 'AGZ-Q3-0002', givenName: 'Mamadou' },
    })
    const stored = await server.db
      .selectFrom('records')
      .select(['id', 'data'])
      .where('entity', '=', 'registration')
      .execute()
    const numbers = Object.fromEntries(
      stored.map((r) => [r.id, (JSON.parse(r.data ?? '{}') as { caseNumber?: string }).caseNumber]),
    )
    expect(numbers).toMatchObject({ [first.id]: 'AGZ-Q3-0001', [mine.id]: 'AGZ-Q3-0002' })
  })
})
