/**
 * Registrations per centre by vulnerability flag (stats endpoint 9, the
 * vulnerabilities-by-centre export): one row per flag of each counted registration
 * (stats/vulnerability-facts.ts), filled here from the live records written before,
 * under the change lock as in migration 0014. From then on every change transaction
 * keeps it (store/change-set.ts).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { rebuildVulnerabilityFacts } from '../../stats/vulnerability-facts'
import { lockChangeSequence, type Trx } from '../../store/change-transaction'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stats_vulnerabilities')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('vulnerability', 'text', (c) => c.notNull())
    // an edit replaces a registration's rows by its id
    .addPrimaryKeyConstraint('stats_vulnerabilities_pk', ['id', 'vulnerability'])
    .execute()
  // the counts of a range of days
  await db.schema
    .createIndex('stats_vulnerabilities_day')
    .on('stats_vulnerabilities')
    .columns(['day', 'site_code', 'vulnerability'])
    .execute()
  const trx = db as unknown as Trx
  // the migrator's transaction on PostgreSQL; on SQLite the one writer already has the lock
  if (trx.isTransaction) await lockChangeSequence(trx)
  await rebuildVulnerabilityFacts(db as unknown as Kysely<Database>)
}
