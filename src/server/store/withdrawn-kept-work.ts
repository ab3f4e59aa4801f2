/**
 * A withdrawal of consent reaches the work kept for a supervisor (lost-site-work.ts,
 * moved-case-work.ts). An edit of the case itself is kept sealed with everything the
 * author's phone held of the person (names, birth, phone, document), which the person
 * has now withdrawn. The server does not keep it: its content is deleted and its refusal
 * closed as discarded, with the code `discarded_consent_withdrawn`, which the author's
 * phone is told when it asks again (and then stops asking). Each is audited as a discard
 * (`rejection_discarded`, by whoever wrote the withdrawal, with the reason), as a
 * supervisor's discard is.
 *
 * Kept assistance and referrals of the case, wherever they were kept, name their case in
 * clear and keep their free text sealed apart (kept-work-seal.ts): that text is erased,
 * as the withdrawal blanks it on the case's records, and accepting one brings it in
 * blank. Their other fields hold nothing of the person that the case does not. Work kept
 * before the text was sealed apart is brought to that form at start (legacy-kept-work.ts).
 * Work kept after the withdrawal (a phone that had not heard of it) keeps no text at all.
 */
import { DISCARDED_CONSENT_WITHDRAWN } from '../../shared/kept-work'
import { audit } from './audit'
import type { Trx } from './change-transaction'
import { getRecord } from './records'
import { isWithdrawnCase } from './withdrawn-case'

/** Deletes the kept edits of case `registrationId` and closes their refusals; returns how many. */
export async function dropKeptEditsOfWithdrawnCase(
  trx: Trx,
  by: { id: string },
  registrationId: string,
  at: string,
): Promise<number> {
  const open = await trx
    .selectFrom('rejections')
    .innerJoin('lost_site_work', 'lost_site_work.rejection_id', 'rejections.id')
    .select(['rejections.id', 'rejections.errors', 'rejections.user_id'])
    .where('rejections.record_id', '=', registrationId)
    .where('rejections.closed_at', 'is', null)
    .execute()
  for (const row of open) {
    const errors = [...keptErrors(row.errors), { path: [], code: DISCARDED_CONSENT_WITHDRAWN }]
    await trx
      .updateTable('rejections')
      .set({ closed_at: at, closed_how: 'discarded', errors: JSON.stringify(errors) })
      .where('id', '=', row.id)
      .execute()
    await trx.deleteFrom('lost_site_work').where('rejection_id', '=', row.id).execute()
    await audit(trx, {
      action: 'rejection_discarded',
      actorUserId: by.id,
      deviceId: null,
      target: registrationId,
      details: { rejection: row.id, entity: 'registration', author: row.user_id, reason: 'consent_withdrawn' },
      at: new Date(at),
    })
  }
  return open.length
}

/** Erases the free text of the work kept about case `registrationId`; returns how many. */
export async function eraseKeptTextOfWithdrawnCase(trx: Trx, registrationId: string): Promise<number> {
  const erased = await trx
    .updateTable('lost_site_work')
    .set({ sealed_text: null })
    .where('about_case_id', '=', registrationId)
    .where('sealed_text', 'is not', null)
    .executeTakeFirst()
  return Number(erased.numUpdatedRows)
}

/**
 * Kept content about to be stored, without its free text when the person of its case
 * withdrew consent already: the text would otherwise outlive the withdrawal until a
 * supervisor decides (accepted, the work is stored with `—` either way). Called once the
 * push's writes are flushed.
 */
export async function keptTextAfterWithdrawal<T extends { sealed_text: string | null; about_case_id: string | null }>(
  trx: Trx,
  content: T,
): Promise<T> {
  if (content.sealed_text === null || content.about_case_id === null) return content
  const registration = await getRecord(trx, content.about_case_id)
  return (await isWithdrawnCase(trx, registration)) ? { ...content, sealed_text: null } : content
}

/** A refusal's stored field errors (JSON), or none when they do not read. */
export function keptErrors(json: string): { path: (string | number)[]; code: string }[] {
  try {
    const parsed: unknown = JSON.parse(json)
    return Array.isArray(parsed) ? (parsed as { path: (string | number)[]; code: string }[]) : []
  } catch {
    return []
  }
}
