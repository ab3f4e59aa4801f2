/**
 * Looking for personal words in a whole database: a test writes a marker no other record
 * holds, then asks which tables still hold it (a withdrawal of consent must leave none).
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '@/server/db/open'

/** Words no other record holds, to look for in every table. */
export const marker = (what: string) => `${what}-${randomUUID().slice(0, 8)}`

/** The tables of `db` whose rows, read as text, hold `text`. */
export async function tablesHolding(db: Db, text: string): Promise<string[]> {
  const holding: string[] = []
  for (const table of await db.introspection.getTables()) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db)
    if (JSON.stringify(rows.rows).includes(text)) holding.push(table.name)
  }
  return holding
}
