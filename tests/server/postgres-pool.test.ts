/**
 * The pg pool as Kysely sees it (src/server/db/postgres-pool.ts): queries answer as
 * before, pg's errors reach the caller as pg made them (the store reads their codes), a
 * transaction runs on one connection, and each client is the same object to Kysely
 * every time it is lent.
 */
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callbackQueryPool } from '../../src/server/db/postgres-pool'
import { createTempPostgres, HAS_POSTGRES, type TempPostgres } from './helpers/databases'

const requirePostgres = process.env.RELAIS_REQUIRE_POSTGRES === '1'

describe.runIf(HAS_POSTGRES || requirePostgres)('the PostgreSQL pool in callback form', () => {
  let database: TempPostgres
  let pool: pg.Pool
  let db: Kysely<{ items: { id: number; label: string } }>

  beforeAll(async () => {
    database = await createTempPostgres()
    pool = new pg.Pool({ connectionString: database.url, max: 3 })
    db = new Kysely({ dialect: new PostgresDialect({ pool: callbackQueryPool(pool) }) })
    await sql`create table items (id integer primary key, label text not null)`.execute(db)
  })

  afterAll(async () => {
    await db?.destroy()
    await database?.drop()
  })

  it('answers rows, with parameters, as pg parses them', async () => {
    await db
      .insertInto('items')
      .values([
        { id: 1, label: 'Séguédine' },
        { id: 2, label: 'Madama' },
      ])
      .execute()
    const rows = await db.selectFrom('items').selectAll().where('id', '>', 0).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 1, label: 'Séguédine' },
      { id: 2, label: 'Madama' },
    ])
  })

  it("rejects with pg's own error, its code kept", async () => {
    const error = await db
      .insertInto('items')
      .values({ id: 1, label: 'again' })
      .execute()
      .then(
        () => undefined,
        (caught: unknown) => caught,
      )
    expect(error).toBeInstanceOf(pg.DatabaseError)
    expect((error as pg.DatabaseError).code).toBe('23505')
  })

  it('runs a transaction on one connection and rolls it back whole', async () => {
    const backends = await db
      .transaction()
      .execute(async (trx) => {
        const first = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
        await trx.insertInto('items').values({ id: 3, label: 'Arlit' }).execute()
        const second = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
        throw Object.assign(new Error('rolled back'), { pids: [first.rows[0]!.pid, second.rows[0]!.pid] })
      })
      .catch((error: { pids: number[] }) => error.pids)
    expect(new Set(backends).size).toBe(1)
    expect(await db.selectFrom('items').select('id').where('id', '=', 3).execute()).toEqual([])
  })

  it('lends Kysely the same client object for the same connection', async () => {
    const adapted = callbackQueryPool(pool)
    const first = await adapted.connect()
    first.release()
    const seen = new Set([first])
    // the pool has at most 3 connections: lending 4 times reuses one of them
    for (let i = 0; i < 4; i++) {
      const client = await adapted.connect()
      seen.add(client)
      client.release()
    }
    expect(seen.size).toBeLessThanOrEqual(3)
  })
})
