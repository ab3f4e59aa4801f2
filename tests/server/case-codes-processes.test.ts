/**
 * Case codes given by two server processes on one PostgreSQL database at once, with
 * few short codes left so that draws collide: every (device, user) pair gets one code,
 * no code is given twice, and a pair signing in on both processes at once gets the same.
 */
import { randomBytes, randomUUID, scryptSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type Db } from '@/server/db/open'
import { CASE_CODE_ALPHABET } from '@/server/store/case-codes'
import type { LoginResponse } from '@/shared/schemas/auth'
import { createTempPostgres, HAS_POSTGRES, type TempPostgres } from './helpers/databases'
import { runMain } from './helpers/run-main'
import { call, type Endpoint } from './helpers/test-server'

const PASSWORD = 'a-long-enough-password'
const ADMIN_PASSWORD = 'admin-passphrase-for-tests'

describe.skipIf(!HAS_POSTGRES)('case codes from two server processes', () => {
  let database: TempPostgres
  let db: Db
  let servers: ReturnType<typeof runMain>[] = []
  let endpoints: Endpoint[] = []
  beforeAll(async () => {
    database = await createTempPostgres()
    const env = {
      DATABASE_URL: database.url,
      PORT: '0',
      RELAIS_STATIC_DIR: '/nonexistent',
      RELAIS_ADMIN_USERNAME: 'admin',
      RELAIS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    }
    servers = [runMain(env), runMain(env)]
    endpoints = (await Promise.all(servers.map((server) => server.banner()))).map((url) => ({
      url: url.replace(/\/$/, ''),
    }))
    db = await openPostgres(database.url)
  }, 60_000)
  afterAll(async () => {
    const codes = await Promise.all(servers.map((server) => server.stop()))
    await db?.destroy()
    await database?.drop()
    expect(codes).toEqual([0, 0])
  })

  it('gives each pair one code and no code twice, with draws colliding', async () => {
    // users with a cheap hash (the cost is stored in the hash: auth/password.ts)
    const salt = randomBytes(16)
    const key = scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 })
    const hash = ['scrypt', 1024, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
    const users = Array.from({ length: 12 }, () => ({ id: randomUUID(), username: `reg-${randomUUID().slice(0, 8)}` }))
    for (const user of users) {
      await db
        .insertInto('users')
        .values({ ...user, name: 'Test', role: 'registrar', password_hash: hash, active: 1, created_at: 'now' })
        .execute()
    }
    // all but six of the two-character codes are taken
    const holder = users[0]!
    const short = [...CASE_CODE_ALPHABET].flatMap((a) => [...CASE_CODE_ALPHABET].map((b) => a + b))
    const taken = short.slice(6)
    for (let i = 0; i < taken.length; i += 200) {
      await db
        .insertInto('case_codes')
        .values(
          taken
            .slice(i, i + 200)
            .map((code) => ({ device_id: randomUUID(), user_id: holder.id, code, created_at: 'now' })),
        )
        .execute()
    }

    const pairs = users.map((user) => ({ username: user.username, deviceId: randomUUID() }))
    const signIns = pairs.flatMap((pair) =>
      endpoints.map(async (endpoint) => {
        const answer = await call<LoginResponse>(endpoint, '/api/v1/auth/login', {
          body: { username: pair.username, password: PASSWORD, deviceId: pair.deviceId },
        })
        expect(answer.status).toBe(200)
        return { pair, code: answer.body.caseCode }
      }),
    )
    const answers = await Promise.all(signIns)
    const byPair = new Map<string, Set<string | undefined>>()
    for (const { pair, code } of answers) byPair.set(pair.deviceId, (byPair.get(pair.deviceId) ?? new Set()).add(code))
    for (const codes of byPair.values()) expect(codes.size).toBe(1)
    const given = answers.map((answer) => answer.code)
    expect(given.every((code) => code !== undefined && /^[2-9A-Z]{2,3}$/.test(code))).toBe(true)
    expect(new Set(given).size).toBe(pairs.length)
    const rows = await db.selectFrom('case_codes').select('code').execute()
    expect(new Set(rows.map((row) => row.code)).size).toBe(rows.length)
  })
})
