/**
 * A case merged into another no longer counts in the person-level figures
 * (stats/stats-facts.ts): the kept case counts the person. Facts written before held a
 * row for merged cases too; they are filled again from the live records, under the
 * change lock as in migration 0014.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { rebuildStatsFacts } from '../../stats/stats-facts'
import { lockChangeSequence, type Trx } from '../../store/change-transaction'

export async function up(db: Kysely<unknown>): Promise<void> {
  const trx = db as unknown as Trx
  // the migrator's transaction on PostgreSQL; on SQLite the one writer already has the lock
  if (trx.isTransaction) await lockChangeSequence(trx)
  await rebuildStatsFacts(db as unknown as Kysely<Database>)
}
