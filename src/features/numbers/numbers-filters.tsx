/**
 * The Numbers filters: first and last day (Niger days) and the sites. Checked with the
 * stats API's own query schema before anything is asked; errors inline, the focus on the
 * first field refused, nothing reset.
 */
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { CheckboxGroup, TextField } from '@/components/form-fields'
import type { Site } from '@/shared/schemas/site'
import { statsQuerySchema } from '@/shared/schemas/stats'
import type { NumbersQuery } from './numbers-query'

type FilterField = 'from' | 'to' | 'sites'
type FilterErrors = Partial<Record<FilterField, string>>

/** The filters' messages, by the query schema's stable codes; `picked` null: every site. */
function filterErrors(values: { from: string; to: string }, picked: readonly string[] | null): FilterErrors {
  const errors: FilterErrors = {}
  if (picked?.length === 0) errors.sites = 'numbers.filters.noSite'
  const parsed = statsQuerySchema.safeParse(values)
  if (parsed.success) return errors
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] === 'from' ? 'from' : 'to'
    if (errors[field]) continue
    const rule = (issue as { params?: { rule?: string } }).params?.rule
    errors[field] =
      values[field] === ''
        ? 'form.required'
        : rule === 'date_order'
          ? 'numbers.filters.dateOrder'
          : rule === 'range_too_long'
            ? 'numbers.filters.rangeTooLong'
            : 'numbers.filters.badDay'
  }
  return errors
}

interface NumbersFiltersProps {
  query: NumbersQuery
  /** The sites the user covers (every site for an admin). */
  sites: readonly Site[]
  onApply(query: NumbersQuery): void
}

export function NumbersFilters({ query, sites, onApply }: NumbersFiltersProps) {
  const { t } = useTranslation()
  const all = sites.map((s) => s.code)
  const [from, setFrom] = useState(query.from)
  const [to, setTo] = useState(query.to)
  // null until a box is touched: every site the user covers, as the list stands (the
  // sites may arrive with the first sync, after this screen first shows)
  const [picked, setPicked] = useState<string[] | null>(query.sites.length > 0 ? query.sites : null)
  const chosen = picked ?? all
  const [tried, setTried] = useState(false)
  const errors = tried ? filterErrors({ from, to }, picked) : {}
  const err = (field: FilterField) => (errors[field] ? t(errors[field]) : undefined)
  const [refusals, setRefusals] = useState(0)
  const firstRefused = errors.from ? 'numbers-from' : errors.to ? 'numbers-to' : errors.sites ? 'numbers-sites' : null
  // after a refused Show, the keyboard's focus on the first field refused (its message read with
  // it), as Exports does: left on Show, nothing says why nothing changed. After the render, so
  // that the sites' disclosure is open when a site is missing.
  useEffect(() => {
    if (refusals > 0 && firstRefused) document.getElementById(firstRefused)?.focus()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per refused Show, not at each key typed
  }, [refusals])

  function submit(e: FormEvent) {
    e.preventDefault()
    setTried(true)
    if (Object.keys(filterErrors({ from, to }, picked)).length > 0) {
      setRefusals((n) => n + 1)
      return
    }
    // every site chosen: ask for "all mine", so that a site the phone does not know yet counts too
    onApply({ from, to, sites: all.every((code) => chosen.includes(code)) ? [] : chosen })
  }

  return (
    <form className="numbers-filters" onSubmit={submit} noValidate aria-label={t('numbers.filters.title')}>
      <div className="numbers-dates">
        <TextField
          id="numbers-from"
          label={t('numbers.filters.from')}
          type="date"
          value={from}
          onChange={setFrom}
          error={err('from')}
          required
        />
        <TextField
          id="numbers-to"
          label={t('numbers.filters.to')}
          type="date"
          value={to}
          onChange={setTo}
          error={err('to')}
          required
        />
      </div>
      <details className="disclosure" open={errors.sites ? true : undefined}>
        <summary>
          {chosen.length === all.length
            ? t('numbers.filters.allSites', { count: all.length })
            : t('numbers.filters.someSites', { count: chosen.length, total: all.length })}
        </summary>
        <CheckboxGroup
          id="numbers-sites"
          label={t('numbers.filters.sites')}
          values={chosen}
          onChange={setPicked}
          options={sites.map((s) => ({ value: s.code, label: s.name }))}
          error={err('sites')}
        />
      </details>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('numbers.filters.show')}
        </button>
      </div>
    </form>
  )
}
