/**
 * Departed cases (assisted returns) leave the phone after the retention days, as closed
 * ones do, since 8f3a0b4. Those stored before then carry no `purgeAfter`, the clear field
 * the phone's retention finds them by (records.ts, purgeExpired), so they would stay
 * forever. This gives it to them, once per database: the case index names the departed
 * cases without opening a record, and only those that lack it are opened.
 */
import type { RelaisDb } from './db'
import { purgeAfterOf } from './record-payload'
import { decodeRecord, type RecordRow } from './records'

const DONE_KEY = 'retention:departedBackfilled'

/** Sets `purgeAfter` on the cases of `departedIds` stored without it; answers how many. Once per database. */
export async function backfillDepartedRetention(db: RelaisDb, departedIds: readonly string[]): Promise<number> {
  if ((await db.meta.get(DONE_KEY)) !== undefined) return 0
  const rows = (await db.registrations.bulkGet([...departedIds])).filter(
    (row): row is RecordRow<'registration'> => row !== undefined && row.purgeAfter === undefined,
  )
  // opened before the transaction (WebCrypto inside one would commit it)
  const due = await Promise.all(
    rows.map(async (row) => {
      const record = await decodeRecord(db, row)
      return { row, purgeAfter: purgeAfterOf(db.retentionDays, 'registration', record.data) }
    }),
  )
  let set = 0
  await db.transaction('rw', [db.registrations, db.meta], async () => {
    for (const { row, purgeAfter } of due) {
      if (purgeAfter === undefined) continue
      const now = await db.registrations.get(row.id)
      // changed meanwhile: its write gave it what it needs
      if (!now || now.localUpdatedAt !== row.localUpdatedAt) continue
      await db.registrations.update(row.id, { purgeAfter })
      set += 1
    }
    await db.meta.put({ key: DONE_KEY, value: true })
  })
  return set
}
