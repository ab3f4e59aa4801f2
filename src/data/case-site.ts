/**
 * A case's records (assistance, referrals, case events) sit at the case's site: the server
 * refuses one elsewhere (`not_at_case_site`). The phone makes them at the site its copy of
 * the case names, so one goes astray only when the case moved meanwhile: an assistance
 * recorded offline at a centre while another phone transferred the case to a centre this
 * user also covers. Its push is refused; the pull that follows brings the case at its new
 * site.
 *
 * After each pull, every record the server refused for that reason and never took (never
 * acknowledged), of a case the phone now holds as the server has it, is saved again at the
 * case's site: it goes out with the next push, and the refused entry leaves once that is
 * taken (acknowledge.ts). Nothing recorded is lost. An edit of a record the server already
 * holds is never refused so: the server merges it, keeping its own site. A case whose own
 * change still waits here (a transfer made on this phone) is left alone.
 */
import { CASE_SITE_RULE, CASE_PARTS } from '@/shared/site-kinds'
import { recordTable, type RelaisDb } from './db'
import { listParked } from './outbox'
import { decodeRecord, saveRecord } from './records'

/** Saves again at its case's site each new record refused away from it; answers how many. Throws LockedError while locked. */
export async function followMovedCases(db: RelaisDb, now: Date = new Date()): Promise<number> {
  const refused = (await listParked(db)).filter(
    (entry) => CASE_PARTS.includes(entry.entity) && entry.errors?.some((e) => e.code === CASE_SITE_RULE.code),
  )
  let moved = 0
  for (const entry of refused) {
    const row = await recordTable(db, entry.entity).get(entry.recordId)
    if (!row || row.state !== 'rejected' || row.syncedRev !== 0 || typeof row.registrationId !== 'string') continue
    const kase = await db.registrations.get(row.registrationId)
    // the case as the server has it: not one with a change of its own waiting here
    if (!kase || kase.state !== 'sent') continue
    const [record, registration] = await Promise.all([decodeRecord(db, row), decodeRecord(db, kase)])
    const siteCode = registration.data.siteCode
    if (record.data.siteCode === siteCode) continue
    await saveRecord(db, entry.entity, { ...record.data, siteCode }, now)
    moved += 1
  }
  return moved
}
