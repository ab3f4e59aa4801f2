/**
 * The exports' codebook: what each code in a coded column means, in the user's language.
 * Exports keep their code headers and coded values (`male`, `avrr_in_progress`), so that
 * analysts' scripts read every file alike; this file, made on the phone from the app's own
 * translations (no connection needed), is how a person opening an export in a spreadsheet
 * reads them: one row per code, with the columns that hold it. Country columns hold ISO
 * 3166 alpha-3 codes, which every spreadsheet user can look up, and are not listed.
 */
import type { TFunction } from 'i18next'
import { CODE_LISTS, type CodeList } from '@/i18n/code-labels'
import { csvLines } from '@/shared/text/csv-lines'

/** The export columns (server/export/columns.ts) that hold each code list's codes. */
export const CODEBOOK_COLUMNS: Partial<Record<CodeList, readonly string[]>> = {
  sex: ['sex'],
  ageGroup: ['ageGroup'],
  entryChannel: ['entryChannel'],
  consentGiver: ['consentGivenBy'],
  vulnerability: ['vulnerabilities', 'vulnerability'],
  caseStatus: ['caseStatus', 'fromStatus', 'toStatus'],
  closureReason: ['closureReason'],
  maritalStatus: ['maritalStatus'],
  educationLevel: ['educationLevel'],
  documentType: ['documentType'],
  householdRelationship: ['householdRelationship'],
  reasonForLeaving: ['reasonsForLeaving'],
  intention: ['intentionNow'],
  abuse: ['abuseEnRoute', 'difficulties'],
  avrrCategory: ['avrrCategory'],
  travelDocumentStatus: ['avrrTravelDocumentStatus'],
  assistanceType: ['type'],
  referralTarget: ['to'],
  urgency: ['urgency'],
  referralStatus: ['status'],
  caseEventKind: ['kind'],
  caseSection: ['sections'],
  direction: ['direction'],
  transport: ['transport'],
  flowType: ['flowType'],
  employmentStatus: ['employmentBeforeLeaving'],
  journeyFunding: ['journeyFunding'],
  need: ['needs'],
}

/** Columns holding a list of codes (separated by spaces) that write `none` when none was ticked. */
const NONE_COLUMNS = ['vulnerabilities', 'difficulties', 'journeyFunding']

/** The codebook's rows: a header in the user's language, then column(s), code, meaning. */
export function codebookRows(t: TFunction): string[][] {
  const rows: string[][] = [[t('exports.codebook.columns'), t('exports.codebook.code'), t('exports.codebook.meaning')]]
  for (const [list, columns] of Object.entries(CODEBOOK_COLUMNS) as [CodeList, readonly string[]][]) {
    for (const code of CODE_LISTS[list]) rows.push([columns.join(' '), code, t(`codes.${list}.${code}`)])
  }
  rows.push([NONE_COLUMNS.join(' '), 'none', t('exports.codebook.none')])
  return rows
}

/** The codebook as CSV, as the exports write it: UTF-8 with a BOM (spreadsheets then read accents and Arabic), CRLF line ends. */
export function codebookCsv(t: TFunction): string {
  return `\ufeff${csvLines(codebookRows(t))}`
}
