/**
 * Brings a database to where servers can serve it: the schema, the seed sites, the first
 * admin, the server's key pair and kept work in its current form. Safe for several processes or hosts first-starting at
 * once on one PostgreSQL: each step takes its own lock (store/job-lock.ts) and looks again
 * inside it, and Kysely's Migrator takes an advisory lock of its own around the
 * migrations, so the second process waits and then finds the work done.
 */
import type { Config } from './env'
import { migrateToLatest } from './db/migrate'
import type { Db } from './db/open'
import { ensureFirstAdmin, type FirstAdmin } from './seed/first-admin'
import { seedSites } from './seed/seed-sites'
import { resealLegacyKeptWork } from './store/legacy-kept-work'
import { ServerKeyring } from './store/server-keys'

/** Prepares the database; answers the first admin when this call created it (the banner shows it once). */
export async function prepareDatabase(
  db: Db,
  config: Pick<Config, 'admin' | 'keySecret'>,
): Promise<FirstAdmin | undefined> {
  await migrateToLatest(db)
  await seedSites(db)
  const firstAdmin = await ensureFirstAdmin(db, config.admin)
  // here rather than at the first request: a wrapped key with the wrong secret stops the start
  const keys = new ServerKeyring(db, config.keySecret)
  await keys.init()
  // work kept before its free text was sealed apart: only the server's keys open it
  await resealLegacyKeptWork(db, keys)
  return firstAdmin
}
