/**
 * Jobs that must run once however many processes share one database (store/job-lock.ts):
 * preparing a new database from two "processes" at once (two connection pools on
 * PostgreSQL; on SQLite, one process, two calls at once) makes one admin, one server key
 * and one set of sites; and a retention run skips while another process's run holds its lock.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { openPostgres, openSqlite, type Db } from '@/server/db/open'
import { prepareDatabase } from '@/server/prepare-database'
import { readSeedSites } from '@/server/seed/seed-sites'
import { startRetention } from '@/server/store/retention'
import { createTempPostgres, TEST_DATABASES, type TempPostgres } from './helpers/databases'

const CONFIG = { admin: { username: 'admin', password: undefined }, keySecret: undefined }

describe.each(TEST_DATABASES)('jobs under a database lock (%s)', (database) => {
  let handles: Db[] = []
  let postgres: TempPostgres | undefined
  let dir: string | undefined
  afterEach(async () => {
    await Promise.all(handles.map((db) => db.destroy()))
    handles = []
    await postgres?.drop()
    postgres = undefined
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** Two handles on one new database: two pools on PostgreSQL, the same handle twice on SQLite. */
  async function twoHandles(): Promise<[Db, Db]> {
    if (database === 'postgres') {
      postgres = await createTempPostgres()
      handles = [await openPostgres(postgres.url), await openPostgres(postgres.url)]
      return [handles[0] as Db, handles[1] as Db]
    }
    dir = mkdtempSync(join(tmpdir(), 'relais-locks-'))
    handles = [openSqlite(join(dir, 'relais.sqlite'))]
    return [handles[0] as Db, handles[0] as Db]
  }

  it('prepares a new database once when two processes first-start at the same time', async () => {
    const [one, two] = await twoHandles()
    const admins = await Promise.all([prepareDatabase(one, CONFIG), prepareDatabase(two, CONFIG)])
    // exactly one of them created the admin, and only it has a password to print
    expect(admins.filter((admin) => admin?.generatedPassword !== undefined)).toHaveLength(1)
    const users = await one.selectFrom('users').select(['username', 'role']).execute()
    expect(users).toEqual([{ username: 'admin', role: 'admin' }])
    const keys = await one.selectFrom('server_keys').select('active').execute()
    expect(keys).toEqual([{ active: 1 }])
    const sites = await one.selectFrom('sites').select('code').execute()
    expect(sites).toHaveLength(readSeedSites().length)
  })

  it.skipIf(database === 'sqlite')('skips a retention run while another process runs one', async () => {
    const [one, two] = await twoHandles()
    await prepareDatabase(one, CONFIG)
    const lines: string[] = []
    const log = { info: (...args: unknown[]) => lines.push(String(args.at(-1))), error: () => undefined }
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let locked = () => {}
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    // another process's run, stuck half-way: it holds the retention lock in its transaction
    const other = one.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(0x52454c4a)}, ${sql.lit(4)})`.execute(trx)
      locked()
      await held
    })
    await isLocked
    const settings = { historyRetentionDays: 365, auditRetentionDays: 730 }
    const skipped = startRetention(two, settings, log)
    await skipped.done
    skipped.stop()
    expect(lines).toEqual(['retention: another server process is pruning; skipped this run'])
    release()
    await other
    const ran = startRetention(two, settings, log)
    await ran.done
    ran.stop()
    expect(lines[1]).toBe('retention: pruned history and audit log')
  })
})
