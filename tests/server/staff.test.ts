/** GET /api/v1/staff: who is who in a case's timeline, for the people a user works beside. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompiledQuery, sql } from 'kysely'
import { staffResponseSchema, type StaffResponse } from '@/shared/schemas/staff'
import { staffQuery } from '@/server/store/staff'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, upsert } from './helpers/sync-client'
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

  it('names the authors of the case records the caller’s sites hold: a case transferred from another centre', async () => {
    // four registrars of Agadez alone: who registered, assisted, referred and changed the status
    const ofAgadez = () => signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const agadez = await ofAgadez()
    const helper = await ofAgadez()
    const referrer = await ofAgadez()
    const closer = await ofAgadez()
    const idle = await ofAgadez() // wrote nothing of the case
    const arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const arlitSupervisor = await signedInUser(server, admin, 'supervisor', ['ARL-TC'])
    const arlitMonitor = await signedInUser(server, admin, 'monitor', ['ARL-TC', 'ARL-FMP'])
    const person = namedRegistration({ registeredBy: agadez.user.id })
    const statusChanged = caseEvent(person.id, {
      kind: 'status_changed',
      by: closer.user.id,
      fromStatus: 'registered',
      toStatus: 'assisted',
    })
    // each writes their own record: the server refuses one in another's name (not_the_author)
    const written = [
      await pushOk(server, agadez, [upsert('registration', person)]),
      await pushOk(server, helper, [upsert('assistance', assistance(person.id, { providedBy: helper.user.id }))]),
      await pushOk(server, referrer, [upsert('referral', referral(person.id, { sentBy: referrer.user.id }))]),
      await pushOk(server, closer, [upsert('caseEvent', statusChanged)]),
    ]
    expect(written.flatMap(({ results }) => results.map((result) => result.status))).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ])
    const authors = [agadez, helper, referrer, closer].map((session) => session.user.id)
    // not yet Arlit's: no one there learns their names
    for (const id of authors) expect(ids(await staffOf(arlit))).not.toContain(id)

    const transferred = caseEvent(person.id, {
      kind: 'transferred',
      fromSite: 'AGZ-TC',
      toSite: 'ARL-TC',
      by: agadez.user.id,
    })
    const moved = await pushOk(server, agadez, [
      upsert('registration', { ...person, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
      upsert('caseEvent', transferred),
    ])
    expect(moved.results.map((result) => result.status)).toEqual(['applied', 'applied'])

    for (const receiving of [arlit, arlitSupervisor]) {
      const seen = await staffOf(receiving)
      expect(ids(seen)).toEqual(expect.arrayContaining(authors))
      expect(seen.find((member) => member.id === helper.user.id)).toEqual({
        id: helper.user.id,
        name: helper.user.name,
        role: 'registrar',
      })
      // the rest of Agadez stays unnamed
      expect(ids(seen)).not.toContain(idle.user.id)
    }
    // a monitor of the site reads no case: the authors of its cases stay unnamed
    const monitorSees = ids(await staffOf(arlitMonitor))
    for (const id of authors) expect(monitorSees).not.toContain(id)
  })

  it('finds the authors through the records_author index, not by reading every record', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const query = staffQuery(server.db, registrar.user).compile()
    const plan = await server.db.transaction().execute(async (trx) => {
      // a test's few records: PostgreSQL would read them all, whatever the index
      if (database === 'postgres') await sql`set local enable_seqscan = off`.execute(trx)
      const explain = database === 'sqlite' ? 'explain query plan ' : 'explain '
      const rows = await trx.executeQuery(CompiledQuery.raw(explain + query.sql, [...query.parameters]))
      return JSON.stringify(rows.rows)
    })
    // SQLite seeks it by author and site; PostgreSQL (its own choice) by site, or by author for each user
    expect(plan).toMatch(
      database === 'sqlite'
        ? /SEARCH records USING INDEX records_author \(<expr>=\? AND site_code=\?\)/
        : /records_author/,
    )
  })

  it('answers only a signed-in, full credential', async () => {
    expect((await call(server, '/api/v1/staff')).status).toBe(401)
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect((await call(server, '/api/v1/staff', { token: registrar.pushToken })).status).toBe(403) // a locked phone's upload credential
  })
})
