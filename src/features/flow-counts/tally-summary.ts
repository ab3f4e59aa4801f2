/**
 * The tally's problems as links for the error summary (and the footer's "to fix"), in
 * the order of the form, each pointing at the control to fix.
 */
import type { TFunction } from 'i18next'
import type { SummaryItem } from '@/components/error-summary'
import { sayMessage } from '@/components/field-message'
import { fieldId } from './route-fields'
import { countPath, nationalityPath, type TallyIssues } from './tally-checks'
import { COUNT_FIELDS, type TallyValues } from './tally-values'

const topLabel = (field: string) => (field === 'siteCode' ? 'tally.fmp' : `tally.${field}`)

export function summaryItems(
  t: TFunction,
  issues: TallyIssues,
  topError: (field: string) => string | undefined,
  topFields: readonly string[],
  values: TallyValues,
): SummaryItem[] {
  const items: SummaryItem[] = []
  const add = (id: string, label: string, key: string | undefined) =>
    key && items.push({ id, label, message: sayMessage(t, key) })
  for (const f of topFields) add(fieldId(f), t(topLabel(f)), topError(f))
  add(fieldId('men'), t('tally.people'), issues['root.people'])
  for (const f of COUNT_FIELDS) add(fieldId(f), t(`tally.${f}`), issues[countPath(f)])
  values.nationalities.forEach((_, i) => {
    const n = i + 1
    add(fieldId(`nationality-${i}`), t('tally.nationalityN', { n }), issues[nationalityPath(i, 'country')])
    add(fieldId(`nationality-count-${i}`), t('tally.countN', { n }), issues[nationalityPath(i, 'count')])
  })
  const firstCount = values.nationalities.length > 0 ? fieldId('nationality-count-0') : 'tally-add-nationality'
  add(firstCount, t('tally.nationalities'), issues['root.nationalities'])
  return items
}
