/**
 * Records that need someone to look at them: refused by the server (`rejected`, their
 * upload parked until they are fixed) or changed on the server too (`conflict`). Counted
 * from the rows' clear `state`, without opening any record.
 */
import { allRecordTables, type RelaisDb } from './db'

const NEEDS_ATTENTION = ['rejected', 'conflict'] as const

export async function attentionCount(db: RelaisDb): Promise<number> {
  const counts = await Promise.all(
    allRecordTables(db).map((table) => table.where('state').anyOf(NEEDS_ATTENTION).count()),
  )
  return counts.reduce((sum, n) => sum + n, 0)
}
