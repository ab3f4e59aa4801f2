/**
 * The ceiling: the same rows the push endpoint writes (each record's latest version,
 * its history row and its mutation's answer), upserted straight into the same kind of
 * database with plain Kysely multi-row inserts, one transaction per 500. No HTTP, no
 * validation, no duplicate checks: what the database alone can take.
 */
import type { Db } from '../../src/server/db/open'
import type { Registration } from '../../src/shared/schemas/registration'

/** Writes `rows` in transactions of `batchSize`, with seqs after `lastSeq`; returns the last seq. */
export async function directUpserts(
  db: Db,
  rows: { mutationId: string; data: Registration }[],
  batchSize: number,
  lastSeq: number,
  who: { deviceId: string; userId: string },
): Promise<number> {
  let seq = lastSeq
  for (let first = 0; first < rows.length; first += batchSize) {
    const batch = rows.slice(first, first + batchSize)
    await db.transaction().execute(async (trx) => {
      const at = new Date().toISOString()
      const rows = batch.map(({ mutationId, data }) => ({ mutationId, data, json: JSON.stringify(data), seq: ++seq }))
      await trx
        .insertInto('records')
        .values(
          rows.map((r) => ({
            id: r.data.id,
            entity: 'registration' as const,
            site_code: r.data.siteCode,
            rev: 1,
            deleted: 0,
            data: r.json,
            seq: r.seq,
            device_id: who.deviceId,
            user_id: who.userId,
            updated_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            rev: eb.ref('excluded.rev'),
            data: eb.ref('excluded.data'),
            seq: eb.ref('excluded.seq'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute()
      await trx
        .insertInto('record_versions')
        .values(
          rows.map((r) => ({
            record_id: r.data.id,
            rev: 1,
            entity: 'registration' as const,
            deleted: 0,
            data: r.json,
            device_id: who.deviceId,
            user_id: who.userId,
            mutation_id: r.mutationId,
            server_time: at,
          })),
        )
        .execute()
      await trx
        .insertInto('mutations')
        .values(
          rows.map((r) => ({
            mutation_id: r.mutationId,
            record_id: r.data.id,
            status: 'applied' as const,
            rev: 1,
            device_id: who.deviceId,
            user_id: who.userId,
            answered_at: at,
          })),
        )
        .execute()
    })
  }
  return seq
}
