/**
 * Issue 9, dashboards over a million tallies: the daily roll-up of flow figures
 * (stats/flow-rollup.ts), three tables mirroring the shared FlowFigures' rows, filled
 * here from the live flow counts; and what the person-level figures read of each
 * registration, assistance and referral as plain columns (stats/stats-facts.ts). From
 * then on every change transaction keeps both (store/change-set.ts). Under the change
 * lock, so that no push lands between the fill and the end of the migration.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { rebuildFlowRollup } from '../../stats/flow-rollup'
import { rebuildStatsFacts } from '../../stats/stats-facts'
import { lockChangeSequence, type Trx } from '../../store/change-transaction'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('flow_rollup')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('tallies', 'integer', (c) => c.notNull())
    .addColumn('men', 'integer', (c) => c.notNull())
    .addColumn('women', 'integer', (c) => c.notNull())
    .addColumn('boys', 'integer', (c) => c.notNull())
    .addColumn('girls', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('unaccompanied_children', 'integer', (c) => c.notNull())
    .addColumn('children_under_5', 'integer', (c) => c.notNull())
    .addColumn('elderly', 'integer', (c) => c.notNull())
    .addColumn('pregnant_women', 'integer', (c) => c.notNull())
    .addColumn('with_disability', 'integer', (c) => c.notNull())
    // a dashboard asks for a range of days: the key starts with the day
    .addPrimaryKeyConstraint('flow_rollup_pk', ['day', 'site_code', 'direction'])
    .execute()
  await db.schema
    .createTable('flow_rollup_transport')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('tallies', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('flow_rollup_transport_pk', ['day', 'site_code', 'direction', 'transport'])
    .execute()
  await db.schema
    .createTable('flow_rollup_nationality')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('flow_rollup_nationality_pk', ['day', 'site_code', 'direction', 'country'])
    .execute()
  await db.schema
    .createTable('stats_facts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('vulnerable', 'integer', (c) => c.notNull())
    .addColumn('case_status', 'text')
    .addColumn('under_avrr', 'integer', (c) => c.notNull())
    .addColumn('status_on', 'text')
    .execute()
  // the counts of a range of days; the AVRR pipeline, every case under AVRR up to a day
  await db.schema
    .createIndex('stats_facts_day')
    .on('stats_facts')
    .columns(['entity', 'day', 'site_code', 'label', 'vulnerable'])
    .execute()
  await db.schema
    .createIndex('stats_facts_avrr')
    .on('stats_facts')
    .columns(['entity', 'under_avrr', 'day', 'site_code', 'case_status'])
    .execute()
  const trx = db as unknown as Trx
  // the migrator's transaction on PostgreSQL; on SQLite the one writer already has the lock
  if (trx.isTransaction) await lockChangeSequence(trx)
  await rebuildFlowRollup(db as unknown as Kysely<Database>)
  await rebuildStatsFacts(db as unknown as Kysely<Database>)
}
