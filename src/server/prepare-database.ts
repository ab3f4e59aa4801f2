/**
 * Brings a database to where servers can serve it: the schema, the seed sites, the first
 * admin and the server's key pair. Safe for several processes or hosts first-starting at
 * once on one PostgreSQL: each step takes its own lock (store/job-lock.ts) and looks again
 * inside it, and Kysely's Migrator takes an advisory lock of its own around the
 * migrations, so the second process waits and then finds the work done.
 */
import type { Config } from './env'
import { migrateToLatest } from './db/migrate'
import type { Db } from './db/open'
import { ensureFirstAdmin, type FirstAdmin } from './seed/first-admin'
import { seedSites } from './seed/seed-sites'
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
  await new ServerKeyring(db, config.keySecret).init()
  return firstAdmin
}
