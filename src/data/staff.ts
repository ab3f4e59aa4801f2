/**
 * The staff directory, as last fetched from the server: who is who in a case's timeline.
 * Ids, display names and roles of staff only (no beneficiary's data), kept in clear like
 * the signed-in user's own name.
 */
import { staffMemberSchema, type StaffMember } from '@/shared/schemas/staff'
import type { RelaisDb } from './db'

const STAFF_KEY = 'staff'

export async function listStaff(db: RelaisDb): Promise<StaffMember[]> {
  const row = await db.meta.get(STAFF_KEY)
  const parsed = staffMemberSchema.array().safeParse(row?.value)
  return parsed.success ? parsed.data : []
}

export async function replaceStaff(db: RelaisDb, staff: readonly StaffMember[]): Promise<void> {
  await db.meta.put({ key: STAFF_KEY, value: [...staff] })
}
