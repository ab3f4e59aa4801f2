/**
 * Migration 0006: a revocation of a whole device id becomes one revocation per user
 * seen on that device, with the same mode, time and author.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Migrator, type Kysely, type Migration } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrateToLatest } from '@/server/db/migrate'
import * as initial from '@/server/db/migrations/0001-initial'
import * as conflictResolution from '@/server/db/migrations/0002-conflict-resolution'
import * as serverKeys from '@/server/db/migrations/0003-server-keys'
import * as accessControl from '@/server/db/migrations/0004-access-control'
import * as signInAttempts from '@/server/db/migrations/0005-sign-in-attempts'
import { openPostgres, openSqlite, type Db } from '@/server/db/open'
import { createTempPostgres, TEST_DATABASES, type TempPostgres } from './helpers/databases'

/** The migrations before 0006, under the names migrate.ts gives them. */
const BEFORE: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-conflict-resolution': conflictResolution,
  '0003-server-keys': serverKeys,
  '0004-access-control': accessControl,
  '0005-sign-in-attempts': signInAttempts,
}

describe.each(TEST_DATABASES)('revocation pairs migration (%s)', (database) => {
  let db: Db | undefined
  let postgres: TempPostgres | undefined
  let dir: string | undefined
  afterEach(async () => {
    await db?.destroy()
    await postgres?.drop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('turns a device-level revocation into one per user seen on the device', async () => {
    if (database === 'postgres') {
      postgres = await createTempPostgres()
      db = await openPostgres(postgres.url)
    } else {
      dir = mkdtempSync(join(tmpdir(), 'relais-migration-'))
      db = openSqlite(join(dir, 'relais.sqlite'))
    }
    const provider = { getMigrations: () => Promise.resolve(BEFORE) }
    const before = await new Migrator({ db, provider }).migrateToLatest()
    expect(before.error).toBeUndefined()

    // the old shape: device_revocations keyed by device_id alone
    const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>
    const users = ['amina', 'moussa', 'idrissa', 'admin'].map((username) => ({ id: randomUUID(), username }))
    for (const user of users) {
      await old
        .insertInto('users')
        .values({ ...user, name: user.username, role: 'registrar', password_hash: 'x', active: 1, created_at: 'now' })
        .execute()
    }
    const [amina, moussa, idrissa, admin] = users.map((user) => user.id) as [string, string, string, string]
    const shared = randomUUID()
    const other = randomUUID()
    for (const [deviceId, userId] of [
      [shared, amina],
      [shared, moussa],
      [other, idrissa],
    ]) {
      await old.insertInto('devices').values({ device_id: deviceId, user_id: userId, first_seen_at: 'then' }).execute()
    }
    const at = '2026-11-21T07:15:00.000Z'
    await old
      .insertInto('device_revocations')
      .values({ device_id: shared, mode: 'block', revoked_at: at, revoked_by: admin })
      .execute()

    await migrateToLatest(db)
    const rows = await db.selectFrom('device_revocations').selectAll().orderBy('user_id').execute()
    expect(rows).toEqual(
      [amina, moussa].sort().map((userId) => ({
        device_id: shared,
        user_id: userId,
        mode: 'block',
        revoked_at: at,
        revoked_by: admin,
      })),
    )
    // keyed by the pair now: a second user's revocation of the other device is its own row
    await db
      .insertInto('device_revocations')
      .values({ device_id: other, user_id: idrissa, mode: 'wipe_after_upload', revoked_at: at, revoked_by: admin })
      .execute()
    await expect(
      db
        .insertInto('device_revocations')
        .values({ device_id: shared, user_id: amina, mode: 'block', revoked_at: at, revoked_by: admin })
        .execute(),
    ).rejects.toThrow()
  })
})
