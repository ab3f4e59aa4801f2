/**
 * The Exports form's rules, checked before anything is asked of the server (which
 * checks them again): at least one site; for figures, both days, in order, at most
 * MAX_RANGE_DAYS apart (the stats contract); for records, days optional, each a
 * possible day, in order (the record export's query schema). A date field the browser
 * cannot read (a day half typed) is never taken for an empty one, which would mean
 * every date. Each error is a stable code the screen translates.
 */
import { exportDaysSchema } from '@/shared/schemas/export'
import { daysInRange, MAX_RANGE_DAYS } from '@/shared/schemas/stats'
import type { ExportChoice } from './export-choices'

export type ExportFormError = 'sitesNone' | 'dateRequired' | 'dateOrder' | 'rangeTooLong' | 'dateInvalid'
export interface ExportFormErrors {
  sites?: ExportFormError
  from?: ExportFormError
  to?: ExportFormError
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

export function checkExportForm({
  choice,
  from,
  to,
  noSites,
  unreadable = {},
}: {
  choice: ExportChoice
  from: string
  to: string
  /** Every site unticked. */
  noSites: boolean
  /** Date fields holding something the browser could not read as a day (it gives them as empty). */
  unreadable?: { from?: boolean; to?: boolean }
}): ExportFormErrors {
  const errors: ExportFormErrors = {}
  if (noSites) errors.sites = 'sitesNone'
  if (choice.kind === 'entity') return { ...errors, ...recordDayErrors(from, to, unreadable) }
  if (!DAY.test(from)) errors.from = 'dateRequired'
  if (!DAY.test(to)) errors.to = 'dateRequired'
  if (errors.from || errors.to) return errors
  if (from > to) errors.to = 'dateOrder'
  else if (daysInRange(from, to) > MAX_RANGE_DAYS) errors.to = 'rangeTooLong'
  return errors
}

/** Record exports: each day empty (no limit) or possible, `from` not after `to`. */
function recordDayErrors(from: string, to: string, unreadable: { from?: boolean; to?: boolean }): ExportFormErrors {
  const errors: ExportFormErrors = {}
  if (unreadable.from) errors.from = 'dateInvalid'
  if (unreadable.to) errors.to = 'dateInvalid'
  const parsed = exportDaysSchema.safeParse({ from: from || undefined, to: to || undefined })
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = issue.path[0] === 'from' ? 'from' : 'to'
    const rule = (issue as { params?: { rule?: string } }).params?.rule
    errors[field] ??= rule === 'date_order' ? 'dateOrder' : 'dateInvalid'
  }
  return errors
}
