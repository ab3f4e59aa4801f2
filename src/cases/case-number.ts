/**
 * Case numbers made offline (issue 8): `<site prefix>-<case code>-<counter>`, e.g.
 * AGZ-7K-0042. The case code is what the server gave this (device, user) sign-in, so two
 * phones never make the same number; the counter belongs to the user's database on this
 * phone and only ever goes up (a save that fails after taking a number leaves a gap,
 * never a repeat), through an erase of the user's readable data too (data/db.ts).
 */
import { CASE_COUNTER_KEY, type RelaisDb } from '@/data/db'
import { caseNumberSchema } from '@/shared/schemas/registration'

/** The part of a site code before its first '-' (AGZ-TC → AGZ). */
export function sitePrefix(siteCode: string): string {
  return siteCode.split('-')[0] ?? siteCode
}

function format(siteCode: string, caseCode: string, counter: number): string {
  return `${sitePrefix(siteCode)}-${caseCode.trim().toUpperCase()}-${String(counter).padStart(4, '0')}`
}

/** Whether this site and case code make valid case numbers (a site prefix of 2 to 6 letters or digits…). */
export function canNumberCases(siteCode: string, caseCode: string | undefined): caseCode is string {
  return caseCode !== undefined && caseNumberSchema.safeParse(format(siteCode, caseCode, 1)).success
}

/**
 * Takes the next case number for a case registered at `siteCode`: the counter goes up
 * by one in a single transaction, so two saves at once never get the same number.
 * Throws when the site and case code cannot make a valid number (see canNumberCases).
 */
export async function nextCaseNumber(db: RelaisDb, siteCode: string, caseCode: string): Promise<string> {
  if (!canNumberCases(siteCode, caseCode)) {
    throw new Error(`No case number can be made from site ${siteCode} and code ${caseCode}`)
  }
  const counter = await db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(CASE_COUNTER_KEY)
    const next = (typeof row?.value === 'number' ? row.value : 0) + 1
    await db.meta.put({ key: CASE_COUNTER_KEY, value: next })
    return next
  })
  return caseNumberSchema.parse(format(siteCode, caseCode, counter))
}
