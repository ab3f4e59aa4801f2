/**
 * Issue 8, the case file on the server:
 * - `case_codes`: the short code each (device, user) sign-in gets for the case numbers
 *   its phone makes (store/case-codes.ts); unique on the server.
 * - `case_numbers`: which registration holds each case number, kept in the change
 *   transaction that writes the registration (store/change-set.ts); unique both ways.
 * - `record_departures`: a record that left a site (a transfer), with a seq from the
 *   change sequence, so that the old site's phones learn from their pull to drop it.
 * - an index on the registration that assistance, referrals and case events name, for
 *   the records a transfer moves and a withdrawal of consent cleans.
 * Existing registrations' case numbers are filled in (the first one stored keeps a
 * number two records share).
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../schema'
import { isPostgres } from '../open'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_codes')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_codes_pk', ['device_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('case_numbers')
    .addColumn('record_id', 'text', (c) => c.primaryKey())
    .addColumn('case_number', 'text', (c) => c.notNull().unique())
    .execute()

  await db.schema
    .createTable('record_departures')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('rev', 'integer', (c) => c.notNull())
    .addColumn('from_site', 'text', (c) => c.notNull())
    .addColumn('to_site', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('record_departures_from').on('record_departures').columns(['from_site', 'seq']).execute()

  // the same expression as store/case-file.ts queries with, so that the index serves it
  await sql`create index records_registration on records (${linkedRegistration(db)}) where entity in ('assistance', 'referral', 'caseEvent')`.execute(
    db,
  )

  await fillCaseNumbers(db as unknown as Kysely<Database>)
}

/** The registration id a record's data names, as SQL (the index's expression). */
export function linkedRegistration(db: { getExecutor(): { readonly adapter: unknown } }) {
  return isPostgres(db) ? sql`((data::jsonb) ->> 'registrationId')` : sql`json_extract(data, '$.registrationId')`
}

const PAGE = 1000

async function fillCaseNumbers(db: Kysely<Database>): Promise<void> {
  const taken = new Set<string>()
  for (let after = -1; ;) {
    const rows = await db
      .selectFrom('records')
      .select(['id', 'data', 'seq'])
      .where('entity', '=', 'registration')
      .where('deleted', '=', 0)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute()
    const numbers: { record_id: string; case_number: string }[] = []
    for (const row of rows) {
      const data = row.data === null ? null : (JSON.parse(row.data) as { caseNumber?: unknown })
      const number = data?.caseNumber
      if (typeof number === 'string' && !taken.has(number)) {
        taken.add(number)
        numbers.push({ record_id: row.id, case_number: number })
      }
    }
    if (numbers.length > 0) await db.insertInto('case_numbers').values(numbers).execute()
    const last = rows.at(-1)
    if (!last || rows.length < PAGE) return
    after = Number(last.seq)
  }
}
