/**
 * Refused sign-ins audited before this migration kept the username as typed, also when
 * it named no account: a password typed into the username field stayed in the log. Such
 * entries keep their time, address and reason, and say only that the username was
 * unknown, as sign-in.ts now writes them. An entry naming an account (even one deleted
 * since: a user is deactivated, never deleted) keeps it.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update audit_log
    set target = null
    where action = 'sign_in_failed'
      and target is not null
      and not exists (select 1 from users where users.username = audit_log.target)
  `.execute(db)
}
