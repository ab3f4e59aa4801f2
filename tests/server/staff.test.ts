/** GET /api/v1/staff: who is who in a case's timeline, for the people a user works beside. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffResponseSchema, type StaffResponse } from '@/shared/schemas/staff'
import { TEST_DATABASES } from './helpers/databases'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('the staff directory (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const staffOf = async (session: Session) => {
    const answer = await call<StaffResponse>(server, '/api/v1/staff', { token: session.token })
    expect(answer.status).toBe(200)
    expect(staffResponseSchema.strict().parse(answer.body)).toEqual(answer.body)
    return answer.body.staff
  }
  const ids = (staff: { id: string }[]) => staff.map((member) => member.id)

  it('names the colleagues of the caller’s sites and the admins, never anyone else or a username', async () => {
    const aicha = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const colleague = await signedInUser(server, admin, 'registrar', ['AGZ-TC', 'ARL-TC'])
    const supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    const elsewhere = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])

    const seen = await staffOf(aicha)
    expect(ids(seen)).toEqual(
      expect.arrayContaining([aicha.user.id, colleague.user.id, supervisor.user.id, admin.user.id]),
    )
    expect(ids(seen)).not.toContain(elsewhere.user.id)
    expect(seen.find((member) => member.id === colleague.user.id)).toEqual({
      id: colleague.user.id,
      name: colleague.user.name,
      role: 'registrar',
    })
    expect(JSON.stringify(seen)).not.toContain(colleague.user.username)

    // an admin works everywhere: everyone
    expect(ids(await staffOf(admin))).toEqual(expect.arrayContaining([elsewhere.user.id, aicha.user.id]))
  })

  it('answers only a signed-in, full credential', async () => {
    expect((await call(server, '/api/v1/staff')).status).toBe(401)
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect((await call(server, '/api/v1/staff', { token: registrar.pushToken })).status).toBe(403) // a locked phone's upload credential
  })
})
