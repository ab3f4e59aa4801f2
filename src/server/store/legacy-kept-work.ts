/**
 * Work kept at a lost site before migration 0022 holds its free text (an assistance's
 * notes, a referral's reason and outcome) inside the sealed mutation, and names its case
 * nowhere in clear: a withdrawal of consent could neither find it nor erase the text. At
 * start, with the server's keys, each such work is brought to the form of all kept work
 * (kept-work-seal.ts): its text sealed apart, its case named. When the person of its
 * case already withdrew consent (withdrawn-case.ts), it keeps no text at all: the
 * withdrawal would have erased it (accepted, the work is stored with `—`). A case
 * anonymous from the start keeps its work's text, as everywhere on the server. Work that
 * does not open stays as it is: nothing can accept or read it.
 *
 * Each work is rewritten in a change transaction, so that a withdrawal on another process
 * either ran before (the case reads anonymous here) or finds the work in its new form;
 * a work another process rewrote first is left alone. Nothing opened here is logged.
 */
import type { Db } from '../db/open'
import { FREE_TEXT } from './case-file'
import { inChangeTransaction } from './change-transaction'
import { activeServerKey, openWork, sealKeptWork } from './kept-work-seal'
import { getRecord } from './records'
import type { ServerKeyring } from './server-keys'
import { isWithdrawnCase } from './withdrawn-case'

/** Brings work kept at a lost site before migration 0022 to the form a withdrawal reaches; returns how many. */
export async function resealLegacyKeptWork(db: Db, keys: ServerKeyring): Promise<number> {
  const entities = Object.keys(FREE_TEXT) as (keyof typeof FREE_TEXT)[]
  const rows = await db
    .selectFrom('lost_site_work')
    .innerJoin('rejections', 'rejections.id', 'lost_site_work.rejection_id')
    .select([
      'lost_site_work.rejection_id',
      'lost_site_work.mutation_id',
      'lost_site_work.kid',
      'lost_site_work.sealed',
    ])
    .where('lost_site_work.about_case_id', 'is', null)
    .where('lost_site_work.case_id', 'is', null)
    .where('rejections.entity', 'in', entities)
    .execute()
  if (rows.length === 0) return 0
  const key = await activeServerKey(db)
  if (!key) return 0 // the server makes its key at start, before this runs
  let resealed = 0
  for (const row of rows) {
    const mutation = await openWork(keys, { kid: row.kid, sealed: row.sealed, mutationId: row.mutation_id })
    if (!mutation) continue
    const content = await sealKeptWork(key, mutation)
    const caseId = content.about_case_id
    if (caseId === null) continue // no case: nothing a withdrawal reaches
    const done = await inChangeTransaction(db, async (trx) => {
      const erased = await isWithdrawnCase(trx, await getRecord(trx, caseId))
      const written = await trx
        .updateTable('lost_site_work')
        .set({
          kid: content.kid,
          sealed: content.sealed,
          sealed_text: erased ? null : content.sealed_text,
          about_case_id: caseId,
        })
        .where('rejection_id', '=', row.rejection_id)
        .where('about_case_id', 'is', null)
        .executeTakeFirst()
      return Number(written.numUpdatedRows)
    })
    resealed += done
  }
  return resealed
}
