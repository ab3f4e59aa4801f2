/** The server's case code reaches the app's session, and stays through a lock and an offline unlock. */
import { beforeEach, describe, expect, it } from 'vitest'
import { currentSession, isLocked, lock, signIn, unlock } from '@/session/session'
import { deviceDb } from '@/session/device-db'

const user = { id: 'u-1', username: 'aicha', name: 'Aïchatou', role: 'registrar', sites: ['AGZ-TC'] }
const answer =
  (extra: Record<string, unknown> = {}) =>
  async () =>
    new Response(JSON.stringify({ token: 'tok-1', expiresAt: '2026-12-29T00:00:00.000Z', user, ...extra }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    })

beforeEach(async () => {
  await Promise.all(deviceDb().tables.map((t) => t.clear()))
})

describe('case code in the session', () => {
  it('keeps the code the server gave, after a lock and an offline unlock too', async () => {
    const session = await signIn('aicha', 'secret-password', { fetch: answer({ caseCode: '7K' }) })
    expect(session.caseCode).toBe('7K')
    expect(await currentSession()).toMatchObject({ caseCode: '7K' })
    lock(user.id)
    const locked = await currentSession()
    expect(locked !== null && isLocked(locked)).toBe(true)
    const unlocked = await unlock(user.id, 'secret-password')
    expect(unlocked).toMatchObject({ ok: true, session: { caseCode: '7K' } })
  })

  it('has none from an older server, and refuses a code that is not one', async () => {
    const session = await signIn('aicha', 'secret-password', { fetch: answer() })
    expect(session.caseCode).toBeUndefined()
    expect(await currentSession()).not.toHaveProperty('caseCode')
    const refused = await signIn('aicha', 'secret-password', { fetch: answer({ caseCode: '7k-<b>' }) }).catch(
      (error: unknown) => error,
    )
    expect(refused).toMatchObject({ kind: 'server' })
  })
})
