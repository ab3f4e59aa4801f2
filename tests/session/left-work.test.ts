/**
 * What a sign-out leaves on the phone, and what the next sign-ins do with it: the user's
 * records waiting to be sent stay, sealed to the server's key, in their own database;
 * the sign-in screen is told how many and whose; the same user's next sign-in here takes
 * them back (even with a new password: the sealed batches still go), another user's
 * leaves them as they are.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { browserServices } from '@/app/services'
import { deleteUserDb, openUserDb } from '@/data/db'
import { waitingRecordCount } from '@/data/waiting-records'
import { saveRecord } from '@/data/records'
import { generateServerKeyPair } from '@/shared/crypto/server-keys'
import { deviceDb } from '@/session/device-db'
import { peekLeftWork } from '@/session/session-peek'
import { cacheServerKey, configureSession, lock, signIn } from '@/session/session'
import { namedRegistration } from '../helpers/records'

const aicha = { id: 'u-left-aicha', username: 'aicha', name: 'Aïcha Moussa', role: 'registrar', sites: ['AGZ-TC'] }
const moussa = { id: 'u-left-moussa', username: 'moussa', name: 'Moussa Issa', role: 'registrar', sites: ['AGZ-TC'] }
const server = (user: typeof aicha) =>
  vi.fn(
    async () =>
      new Response(JSON.stringify({ token: `token-${user.id}`, expiresAt: '2026-12-29T00:00:00.000Z', user }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
  )

beforeEach(async () => {
  configureSession({ vault: { unsafeTestIterations: 1000 } })
  lock()
  await Promise.all(deviceDb().tables.map((t) => t.clear()))
  for (const user of [aicha, moussa]) await deleteUserDb(user.id)
  const { kid, publicJwk } = await generateServerKeyPair()
  await cacheServerKey({ kid, jwk: publicJwk, createdAt: '2026-11-29T00:00:00.000Z', active: true })
})

async function signOutWithWork(records: number) {
  await signIn('aicha', 'first-password', { fetch: server(aicha) })
  const db = browserServices.openDb(aicha.id)
  for (let i = 0; i < records; i++) await saveRecord(db, 'registration', namedRegistration())
  await browserServices.signOut()
  return openUserDb(aicha.id)
}

describe('signing out with records not yet sent', () => {
  it('tells the sign-in screen how many records wait, and whose', async () => {
    await signOutWithWork(2)
    expect(await peekLeftWork()).toEqual([{ userId: aicha.id, name: 'Aïcha Moussa', records: 2, attention: 0 }])
  })

  it('forgets the note when the phone is erased for that user (revoked): nothing of theirs waits any more', async () => {
    const db = await signOutWithWork(2)
    db.close()
    await browserServices.eraseUserData(aicha.id)
    expect(await peekLeftWork()).toEqual([])
  })

  it('says nothing when nothing waits', async () => {
    await signOutWithWork(0)
    expect(await peekLeftWork()).toEqual([])
  })

  it("keeps them through another user's sign-in, which sends none of them", async () => {
    const db = await signOutWithWork(1)
    await signIn('moussa', 'his-password', { fetch: server(moussa) })
    expect(await peekLeftWork()).toEqual([expect.objectContaining({ userId: aicha.id, records: 1 })])
    expect(await waitingRecordCount(db)).toBe(1)
  })

  it('gives them back at the same user’s next sign-in, even with a new password', async () => {
    const db = await signOutWithWork(1)
    // a new password from an admin: the phone can no longer read what the old one protected
    await signIn('aicha', 'new-password-from-admin', { fetch: server(aicha) })
    expect(await peekLeftWork()).toEqual([])
    // sealed at sign-out, to the server's key: they still go
    expect(await db.sealedBatches.count()).toBe(1)
  })
})
