/**
 * A push answered to a push-only credential (a locked phone) carries statuses and revs,
 * never data, "and the device pulls once unlocked" (sync-protocol.md, Push). A pull leaves
 * out the versions the pulling device wrote itself, so a version the server made from the
 * locked phone's change (a rule 5 merge, or text the schema cleaned) must still come to
 * that phone: before, it never did, and the phone kept its own version (without the other
 * phone's change the merge kept) while answered as if it agreed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { batch, pull, pullAll, push, pushOk, upsert } from './helpers/sync-client'
import {
  login,
  loginAdmin,
  signedInUser,
  startTestServer,
  TEST_PASSWORD,
  type Session,
  type TestServer,
} from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('what a locked phone pushed, pulled once unlocked (%s)', (database) => {
  let server: TestServer
  let phone: Session
  let otherPhone: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    phone = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    // the same registrar's second phone
    otherPhone = await login(server, phone.user.username, TEST_PASSWORD)
  })
  afterAll(() => server.close())

  const locked = (session: Session): Session => ({ ...session, token: session.pushToken })
  const cursorNow = async () => (await pullAll(server, phone)).cursor

  it('pulls the merge the server made of its stale edit, with the other phone’s change in it', async () => {
    const record = namedRegistration({ givenName: 'Aïchatou', familyName: 'Traoré' })
    await pushOk(server, phone, [upsert('registration', record)])
    const since = await cursorNow()
    await pushOk(server, otherPhone, [
      upsert('registration', { ...record, familyName: 'Maïga' }, 1, { changedFields: ['familyName'] }),
    ])
    const stale = upsert('registration', { ...record, givenName: 'Aïcha' }, 1, { changedFields: ['givenName'] })
    const answer = await push(server, locked(phone), batch(phone, [stale]))
    expect(answer.body.results).toEqual([{ mutationId: stale.mutationId, status: 'merged', rev: 3 }])

    const page = await pull(server, phone, { since })
    expect(page.status).toBe(200)
    expect(page.body.changes).toEqual([
      {
        entity: 'registration',
        recordId: record.id,
        rev: 3,
        deleted: false,
        data: expect.objectContaining({ givenName: 'Aïcha', familyName: 'Maïga' }),
      },
    ])
  })

  it('pulls the version the schema cleaned of a record it sent', async () => {
    const since = await cursorNow()
    const record = namedRegistration({ givenName: '  Zeïnabou\u200b ' })
    const sent = batch(phone, [upsert('registration', record)])
    const answer = await push(server, locked(phone), sent)
    // no data, but word that the version stored is not the one sent (additive)
    expect(answer.body.results).toEqual([
      { mutationId: sent.mutations[0]?.mutationId, status: 'applied', rev: 1, changed: true },
    ])
    const page = await pull(server, phone, { since })
    expect(page.body.changes).toMatchObject([{ recordId: record.id, rev: 1, data: { givenName: 'Zeïnabou' } }])
    // the same word to a retry whose first answer was lost
    const again = await push(server, locked(phone), sent)
    expect(again.body.results).toEqual([
      { mutationId: sent.mutations[0]?.mutationId, status: 'duplicate', was: 'applied', rev: 1, changed: true },
    ])
  })

  it('still leaves out what the phone already holds: its versions as sent, and what a full answer carried', async () => {
    const since = await cursorNow()
    const asSent = namedRegistration()
    const asSentBatch = batch(phone, [upsert('registration', asSent)])
    const lockedAnswer = await push(server, locked(phone), asSentBatch)
    expect(lockedAnswer.body.results).toEqual([
      { mutationId: asSentBatch.mutations[0]?.mutationId, status: 'applied', rev: 1 },
    ])
    const retried = await push(server, locked(phone), asSentBatch)
    expect(retried.body.results).toEqual([
      { mutationId: asSentBatch.mutations[0]?.mutationId, status: 'duplicate', was: 'applied', rev: 1 },
    ])
    const record = namedRegistration({ givenName: 'Hadiza', familyName: 'Issa' })
    await pushOk(server, phone, [upsert('registration', record)])
    await pushOk(server, otherPhone, [
      upsert('registration', { ...record, familyName: 'Moussa' }, 1, { changedFields: ['familyName'] }),
    ])
    const stale = upsert('registration', { ...record, givenName: 'Hadi' }, 1, { changedFields: ['givenName'] })
    const full = await pushOk(server, phone, [stale])
    expect(full.results).toMatchObject([
      { status: 'merged', rev: 3, data: { givenName: 'Hadi', familyName: 'Moussa' } },
    ])
    const page = await pull(server, phone, { since })
    expect(page.body.changes).toEqual([])
  })
})
