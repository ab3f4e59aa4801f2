/**
 * The databases the server suites run on: SQLite always, PostgreSQL when one answers
 * (127.0.0.1:5432, trust auth; RELAIS_TEST_POSTGRES_URL for another). Each PostgreSQL server gets a fresh
 * `relais_test_<random>` database, dropped when it closes. Where no PostgreSQL
 * answers, its variants are skipped with a message, unless RELAIS_REQUIRE_POSTGRES=1
 * (CI), where they run and fail.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export type TestDatabase = 'sqlite' | 'postgres'

export const POSTGRES_ADMIN_URL = process.env.RELAIS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function detect(): Promise<TestDatabase[]> {
  if (await postgresAnswers()) return ['sqlite', 'postgres']
  if (process.env.RELAIS_REQUIRE_POSTGRES === '1') return ['sqlite', 'postgres'] // they fail, loudly
  console.warn(
    `PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}: the PostgreSQL variants of the server tests are skipped ` +
      '(RELAIS_REQUIRE_POSTGRES=1 makes this an error).',
  )
  return ['sqlite']
}

export const TEST_DATABASES: TestDatabase[] = await detect()
export const HAS_POSTGRES = TEST_DATABASES.includes('postgres')

export interface TempPostgres {
  url: string
  name: string
  drop(): Promise<void>
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Creates an empty database; drop() removes it (closing any connection left to it). */
export async function createTempPostgres(): Promise<TempPostgres> {
  const name = `relais_test_${randomBytes(6).toString('hex')}`
  await admin((client) => client.query(`create database ${name}`))
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: () =>
      admin(async (client) => {
        // a pool's end() resolves before its connections have closed: forcing them
        // meanwhile makes them throw an error no one listens to any more
        for (let waited = 0; waited < 2000; waited += 20) {
          const open = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name])
          if ((open.rows[0] as { n: number }).n === 0) break
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        await client.query(`drop database if exists ${name} with (force)`)
      }).then(() => undefined),
  }
}
