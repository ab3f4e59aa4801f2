/**
 * What a withdrawal of consent erases is erased from SQLite's file too, over real HTTP
 * on a real SQLite database: the server rewrites the case's past versions and the text
 * of its work, and SQLite overwrites the bytes it frees (secure_delete), so that once the
 * write-ahead log is checkpointed into the database file (SQLite does so by itself as
 * the log grows) the file holds neither the name, the document number nor the notes;
 * and a retention run empties the log itself, which held the pages as they were. Without it, SQLite leaves the old rows in the pages' free space.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRetention } from '@/server/store/retention'
import { withoutPersonalData } from '@/shared/case-rules'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent } from './helpers/case-records'
import { marker } from './helpers/traces'
import { pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe('the SQLite file after a withdrawal of consent', () => {
  let server: TestServer
  let registrar: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database: 'sqlite' })
    registrar = await signedInUser(server, await loginAdmin(server), 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  /** A named case with a note, edited, then withdrawn as the phone does it: answers the erased words. */
  async function withdrawnCase(): Promise<string[]> {
    const name = marker('Mariamabytes')
    const passport = marker('PB')
    const note = marker('Mariamabytes fears her uncle')
    const person = namedRegistration({
      givenName: name,
      document: { type: 'passport', number: passport },
      registeredBy: registrar.user.id,
    })
    const help = assistance(person.id, { notes: note, providedBy: registrar.user.id })
    await pushOk(server, registrar, [upsert('registration', person), upsert('assistance', help)])
    const edited = { ...person, phone: '+227 90 00 00 01', updatedAt: new Date().toISOString() }
    await pushOk(server, registrar, [upsert('registration', edited, 1, { changedFields: ['phone'] })])

    const { sections: _edit, ...event } = caseEvent(person.id, { kind: 'consent_withdrawn', by: registrar.user.id })
    const answer = await pushOk(server, registrar, [
      upsert('registration', withoutPersonalData(edited, '2026-12-01'), 2),
      upsert('caseEvent', event),
    ])
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    return [name, passport, note]
  }

  it('holds none of the erased words once the log is checkpointed', async () => {
    const erased = await withdrawnCase()
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(server.db)
    const bytes = readFileSync(join(server.dir, 'relais.sqlite'))
    for (const text of erased) expect(bytes.includes(Buffer.from(text)), text).toBe(false)
  })

  it('empties the write-ahead log at each retention run', async () => {
    const erased = await withdrawnCase()
    const log = { info: () => undefined, error: () => undefined }
    const retention = startRetention(server.db, { historyRetentionDays: 365, auditRetentionDays: 730 }, log)
    await retention.done
    retention.stop()
    const wal = readFileSync(join(server.dir, 'relais.sqlite-wal'))
    for (const text of erased) expect(wal.includes(Buffer.from(text)), text).toBe(false)
  })
})
