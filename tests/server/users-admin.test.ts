import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '@/shared/schemas/auth'
import { ADMIN, call, login, loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('users administration (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const create = async (username: string, role = 'registrar', sites = ['AGZ-TC']) => {
    const answer = await call<User>(server, '/api/v1/users', {
      token: admin.token,
      body: { username, password: 'first-passphrase', name: 'Moussa Issa', role, sites },
    })
    expect(answer.status).toBe(201)
    return answer.body
  }
  const patch = (id: string, body: unknown, token = admin.token) =>
    call<User & { error?: string }>(server, `/api/v1/users/${id}`, { method: 'PATCH', token, body })
  const setPassword = (id: string, body: unknown, token: string) =>
    call(server, `/api/v1/users/${id}/password`, { token, body })

  it('lists users without password hashes', async () => {
    await create('hash-check')
    const list = await call<User[]>(server, '/api/v1/users', { token: admin.token })
    const text = JSON.stringify(list.body)
    expect(text).not.toMatch(/scrypt|password/i)
    expect(Object.keys(list.body[0]!).sort()).toEqual([
      'active',
      'createdAt',
      'id',
      'name',
      'role',
      'sites',
      'username',
    ])
  })

  it('changes name, role and sites, and refuses unknown sites and fields', async () => {
    const user = await create('to-change')
    const changed = await patch(user.id, { name: 'Moussa I.', role: 'supervisor', sites: ['ARL-TC', 'AGZ-TC'] })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ name: 'Moussa I.', role: 'supervisor', sites: ['AGZ-TC', 'ARL-TC'] })
    expect((await patch(user.id, { sites: ['NOPE-1'] })).status).toBe(400)
    expect((await patch(user.id, { password: 'sneaky-new-one' })).status).toBe(400)
    expect((await patch('no-such-user', { name: 'x' })).status).toBe(404)
  })

  it('disables an account: its tokens answer 401 account_disabled at once, and it cannot sign in', async () => {
    await create('to-disable')
    const session = await login(server, 'to-disable', 'first-passphrase')
    expect((await patch(session.user.id, { active: false })).body.active).toBe(false)
    for (const token of [session.token, session.pushToken]) {
      const answer = await call(server, '/api/v1/sync/pull', { token })
      expect(answer.status).toBe(401)
      expect(answer.body.error).toBe('account_disabled')
    }
    const signIn = (password: string) =>
      call(server, '/api/v1/auth/login', {
        body: { username: 'to-disable', password, deviceId: session.deviceId },
      })
    // the right password is told the account is disabled, never that it is wrong; a wrong one learns nothing more
    const right = await signIn('first-passphrase')
    expect(right.status).toBe(401)
    expect(right.body).toMatchObject({ error: 'account_disabled' })
    expect(right.body).not.toHaveProperty('token')
    const wrong = await signIn('not-the-passphrase')
    expect(wrong.status).toBe(401)
    expect(wrong.body).toMatchObject({ error: 'invalid_credentials' })
    await patch(session.user.id, { active: true })
    expect((await call(server, '/api/v1/sync/pull', { token: session.token })).status).toBe(200)
  })

  it('refuses to disable or demote the last active admin with 409', async () => {
    for (const body of [{ active: false }, { role: 'supervisor' }]) {
      const answer = await patch(admin.user.id, body)
      expect(answer.status).toBe(409)
      expect(answer.body.error).toBe('last_admin')
    }
    const second = await create('second-admin', 'admin', [])
    const secondSession = await login(server, 'second-admin', 'first-passphrase')
    expect((await patch(admin.user.id, { role: 'supervisor' })).status).toBe(200)
    // the demoted admin may no longer administer; the one left may not disable themself
    expect((await patch(second.id, { active: false })).status).toBe(403)
    expect((await patch(second.id, { active: false }, secondSession.token)).status).toBe(409)
    expect((await patch(admin.user.id, { role: 'admin' }, secondSession.token)).status).toBe(200)
  })

  it('lets an admin reset a password, and a user change their own with the current one', async () => {
    const user = await create('passphrase-user')
    const self = await login(server, 'passphrase-user', 'first-passphrase')
    expect((await setPassword(user.id, { password: 'reset-by-admin-1' }, admin.token)).status).toBe(204)
    await login(server, 'passphrase-user', 'reset-by-admin-1')

    const wrong = await setPassword(user.id, { currentPassword: 'not-it', password: 'my-own-passphrase' }, self.token)
    expect(wrong.status).toBe(403)
    expect(wrong.body.error).toBe('wrong_password')
    expect((await setPassword(user.id, { password: 'my-own-passphrase' }, self.token)).status).toBe(403)
    const ok = await setPassword(
      user.id,
      { currentPassword: 'reset-by-admin-1', password: 'my-own-passphrase' },
      self.token,
    )
    expect(ok.status).toBe(204)
    await login(server, 'passphrase-user', 'my-own-passphrase')

    // nobody else's, and not too short
    expect((await setPassword(admin.user.id, { password: 'take-over-admin' }, self.token)).status).toBe(403)
    expect((await setPassword(user.id, { password: 'short' }, admin.token)).status).toBe(400)
    // an admin changing their own needs the current one too
    expect((await setPassword(admin.user.id, { password: 'new-admin-pass' }, admin.token)).status).toBe(403)
    const own = { currentPassword: ADMIN.password, password: ADMIN.password }
    expect((await setPassword(admin.user.id, own, admin.token)).status).toBe(204)
  })
})

describe.each(TEST_DATABASES)('users administration at the same moment (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const newUser = (token: string, username: string, role: string) =>
    call<User & { error?: string }>(server, '/api/v1/users', {
      token,
      body: { username, password: 'first-passphrase', name: 'Aïcha Ali', role, sites: [] },
    })
  const patch = (id: string, body: unknown, token: string) =>
    call<User & { error?: string }>(server, `/api/v1/users/${id}`, { method: 'PATCH', token, body })
  const activeAdmins = async () =>
    (await server.db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).execute())
      .length

  it('answers 409 already_exists, not 500, to all but one of four creations of one username', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => newUser(admin.token, 'same-name', 'registrar')))
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409])
    expect(answers.filter((answer) => answer.status === 409).every((a) => a.body.error === 'already_exists')).toBe(true)
  })

  it('keeps an active admin when the last two disable or demote each other at once', async () => {
    const second = await newUser(admin.token, 'other-admin', 'admin')
    expect(second.status).toBe(201)
    const first = admin.user
    for (const body of [{ active: false }, { role: 'supervisor' }, { active: false }, { role: 'supervisor' }]) {
      const one = await loginAdmin(server)
      const other = await login(server, 'other-admin', 'first-passphrase')
      const answers = await Promise.all([patch(second.body.id, body, one.token), patch(first.id, body, other.token)])
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1)
      expect(await activeAdmins()).toBe(1)
      // the one left puts the other back for the next round
      const [left, put] = answers[0]!.status === 200 ? [one, second.body.id] : [other, first.id]
      expect((await patch(put, { active: true, role: 'admin' }, left.token)).status).toBe(200)
      expect(await activeAdmins()).toBe(2)
    }
  })
})
