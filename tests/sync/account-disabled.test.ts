/**
 * An account an admin disabled, against the real server (docs/api.md, Users): its phone
 * keeps every record, says why, and sends them once the account is enabled again; its
 * right password is told the account is disabled, never that it is wrong.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { getRecord, saveRecord } from '@/data/records'
import { pendingCount } from '@/data/outbox'
import { getSyncStatus } from '@/data/sync-status'
import { signIn, SignInError } from '@/session/session'
import { namedRegistration } from '../helpers/records'
import {
  call,
  loginAdmin,
  signedInUser,
  startTestServer,
  TEST_PASSWORD,
  type Session,
  type TestServer,
} from '../server/helpers/test-server'
import { serverPhone } from './server-phone'

describe('a disabled account', () => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer()
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const setActive = async (user: Session, active: boolean) => {
    const answer = await call(server, `/api/v1/users/${user.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { active },
    })
    expect(answer.status).toBe(200)
  }

  it('keeps the records on the phone, says why, and sends them once the account is enabled again', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const onAuthRequired = vi.fn()
    const { db, engine, timers } = serverPhone(server, registrar, onAuthRequired)
    await setActive(registrar, false)
    const record = namedRegistration({ registeredBy: registrar.user.id })
    await saveRecord(db, 'registration', record)
    engine.start()
    await engine.idle()

    expect(await pendingCount(db)).toBe(1)
    expect(await getSyncStatus(db)).toMatchObject({
      accountDisabled: true,
      needsSignIn: false,
      lastError: { code: 'account_disabled' },
    })
    // signing in again cannot help: the phone does not ask for it, and tries again later
    expect(onAuthRequired).not.toHaveBeenCalled()
    expect(timers.delays()).toEqual([1000])

    await setActive(registrar, true)
    timers.fire()
    await engine.idle()
    expect(await pendingCount(db)).toBe(0)
    expect(await getRecord(db, 'registration', record.id)).toMatchObject({ state: 'sent' })
    expect(await getSyncStatus(db)).toMatchObject({ accountDisabled: false, lastError: null })
    engine.stop()
  })

  it('is told at sign-in that it was disabled when the password is right, and only then', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    await setActive(registrar, false)
    const attempt = (password: string) =>
      signIn(registrar.user.username, password, { baseUrl: server.url }).then(
        () => 'signed in',
        (error: unknown) => (error instanceof SignInError ? error.kind : error),
      )
    expect(await attempt(TEST_PASSWORD)).toBe('account_disabled')
    expect(await attempt('not-the-password')).toBe('invalid_credentials')
  })
})
