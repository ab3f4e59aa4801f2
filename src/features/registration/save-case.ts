/**
 * Saving a case file from the form, through saveRecord so it reaches the upload queue. A
 * new case takes the next case number when the sign-in has a case code; the registration
 * is its own first entry in the timeline (case-event.ts: no 'registered' event). An edit
 * saves a new version and an 'edited' event naming the sections that changed.
 */
import { canNumberCases, nextCaseNumber } from '@/cases/case-number'
import type { RelaisDb } from '@/data/db'
import { getRecord, saveRecord } from '@/data/records'
import { newId } from '@/shared/ids'
import type { CaseEvent } from '@/shared/schemas/case-event'
import type { Registration } from '@/shared/schemas/registration'
import { changedSections, type CaseSection } from './registration-steps'

/**
 * The case code the server gave this sign-in, when it gave one: read without trusting
 * the session's shape (sessions stored before case codes have none).
 */
export function sessionCaseCode(session: unknown): string | undefined {
  const s = session as { caseCode?: unknown; user?: { caseCode?: unknown } } | null
  const code = s?.caseCode ?? s?.user?.caseCode
  return typeof code === 'string' && /^[A-Za-z0-9]{2,4}$/.test(code.trim()) ? code.trim().toUpperCase() : undefined
}

function editedEvent(registration: Registration, by: string, now: Date, sections: CaseSection[]): CaseEvent {
  const at = now.toISOString()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: registration.siteCode,
    registrationId: registration.id,
    kind: 'edited',
    at,
    by,
    sections,
  }
}

/** Saves a new case, with its case number when there is a case code. */
export async function registerCase(
  db: RelaisDb,
  data: Registration,
  caseCode: string | undefined,
): Promise<Registration> {
  const caseNumber = canNumberCases(data.siteCode, caseCode)
    ? await nextCaseNumber(db, data.siteCode, caseCode)
    : undefined
  const now = new Date()
  const at = now.toISOString()
  const record: Registration = {
    ...data,
    id: newId(),
    createdAt: at,
    updatedAt: at,
    ...(caseNumber ? { caseNumber } : {}),
  }
  return (await saveRecord(db, 'registration', record, now)).data
}

/**
 * Gives a case the next number of this phone, in place of one the server found held by
 * another case (`case_number_taken`): the person's card then carries the new one.
 */
export async function renumberCase(db: RelaisDb, data: Registration, caseCode: string): Promise<Registration> {
  const caseNumber = await nextCaseNumber(db, data.siteCode, caseCode)
  return (await saveRecord(db, 'registration', { ...data, caseNumber })).data
}

/** Saves an edited case and an 'edited' event naming the sections that changed; nothing when none did. */
export async function editCase(
  db: RelaisDb,
  before: Registration,
  after: Registration,
  by: string,
): Promise<CaseSection[]> {
  const sections = changedSections(before, after)
  if (sections.length === 0) return sections
  const now = new Date()
  const saved = await saveRecord(db, 'registration', after, now)
  await saveRecord(db, 'caseEvent', editedEvent(saved.data, by, now, sections), now)
  return sections
}

/**
 * The household group a family member joins: the saved person's, or a new one given to
 * them now (as head of the group, an edit of their case) when they had none. With the
 * person's case as this phone holds it (undefined when it is not here).
 */
export async function householdGroupFor(
  db: RelaisDb,
  caseId: string,
  by: string,
): Promise<{ groupId: string | undefined; record: Registration | undefined }> {
  const record = (await getRecord(db, 'registration', caseId))?.data
  if (!record?.consentProcessing) return { groupId: undefined, record }
  if (record.household) return { groupId: record.household.groupId, record }
  const groupId = newId()
  await editCase(db, record, { ...record, household: { groupId, relationship: 'head' } }, by)
  return { groupId, record }
}
