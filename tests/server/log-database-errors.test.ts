/**
 * A fault of the database is logged without the values it quotes, over real HTTP on
 * PostgreSQL: its error's `detail` repeats the row it refused ("Failing row contains
 * (…)") or the key it found taken, and a row holds what a person typed. The test makes
 * the database refuse a staff member's name with a constraint of its own, then looks
 * for that name in the log: the error is logged (its code, table and constraint), the
 * name is not.
 */
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggerOptions } from '@/server/http/logging'
import { HAS_POSTGRES } from './helpers/databases'
import { marker } from './helpers/traces'
import { call, loginAdmin, startTestServer, type TestServer } from './helpers/test-server'

describe.skipIf(!HAS_POSTGRES)('the log of a database fault (postgres)', () => {
  let server: TestServer
  let lines = ''
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines += chunk.toString()
        done()
      },
    })
    server = await startTestServer({}, { database: 'postgres', logger: loggerOptions('info', stream) })
  })
  afterAll(() => server.close())

  it('names the fault, not the values of the row the database refused', async () => {
    const name = marker('Oumarouprobe')
    await sql`alter table users add constraint probe_name check (name not like 'Oumarouprobe%')`.execute(server.db)
    const admin = await loginAdmin(server)
    const answer = await call(server, '/api/v1/users', {
      token: admin.token,
      body: { username: 'oumarou.probe', password: 'a-long-enough-password', name, role: 'registrar', sites: [] },
    })
    expect(answer.status).toBe(500)
    expect(JSON.stringify(answer.body)).not.toContain(name)
    expect(lines).toContain('probe_name') // the fault is in the log
    expect(lines).not.toContain(name)
  })
})
