/**
 * The Exports form's rules, checked before anything is asked of the server (which
 * checks them again): at least one site; for figures, both days, in order, at most
 * MAX_RANGE_DAYS apart (the stats contract). Each error is a stable code the screen
 * translates.
 */
import { daysInRange, MAX_RANGE_DAYS } from '@/shared/schemas/stats'
import type { ExportChoice } from './export-choices'

export type ExportFormError = 'sitesNone' | 'dateRequired' | 'dateOrder' | 'rangeTooLong'
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
}: {
  choice: ExportChoice
  from: string
  to: string
  /** Every site unticked. */
  noSites: boolean
}): ExportFormErrors {
  const errors: ExportFormErrors = {}
  if (noSites) errors.sites = 'sitesNone'
  if (choice.kind === 'entity') return errors
  if (!DAY.test(from)) errors.from = 'dateRequired'
  if (!DAY.test(to)) errors.to = 'dateRequired'
  if (errors.from || errors.to) return errors
  if (from > to) errors.to = 'dateOrder'
  else if (daysInRange(from, to) > MAX_RANGE_DAYS) errors.to = 'rangeTooLong'
  return errors
}
