/**
 * A withdrawal of consent reaches all kept work (store/withdrawn-kept-work.ts): each kept
 * mutation names, in clear, the case it is about (`about_case_id`: the registration, or
 * the case an assistance, referral or case event belongs to), so that the withdrawal
 * finds it without opening anything and erases its free text, now sealed apart for work
 * at a lost site too (store/kept-work-seal.ts). Work kept because its case moved names
 * it already (`case_id`). Work kept at a lost site before this migration holds its text
 * inside the sealed mutation and names no case: only the server's key opens it, so the
 * server brings it to the new form at start (store/legacy-kept-work.ts).
 *
 * Content whose refusal closed (the author got the record accepted from the phone
 * before the content went with it) can no longer be accepted: it is deleted here.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lost_site_work').addColumn('about_case_id', 'text').execute()
  await db.schema.createIndex('lost_site_work_about_case').on('lost_site_work').column('about_case_id').execute()
  await sql`update lost_site_work set about_case_id = case_id where case_id is not null`.execute(db)
  await sql`
    delete from lost_site_work
    where not exists (
      select 1 from rejections
      where rejections.id = lost_site_work.rejection_id and rejections.closed_at is null
    )`.execute(db)
}
