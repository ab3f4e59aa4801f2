/**
 * The Cases list's filters: status, site, nationality, sex, birth year, age group, when
 * registered and vulnerable only, folded away until opened (open when coming back with
 * filters still on). The nationalities and sites offered are those of the cases here,
 * by name in the interface language.
 */
import { memo, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CaseFilters, useCaseFinder } from '@/cases/case-finder'
import { useCodeOptions } from '@/components/code-options'
import { useSites } from '@/components/use-records'
import { countryName } from '@/i18n/countries'
import { asciiDigits } from '@/shared/text/typed-digits'

interface Choice {
  code: string
  name: string
}

/** The nationalities and sites of the cases here, by name in the interface language. */
export function useChoices(
  finder: ReturnType<typeof useCaseFinder>,
  lang: string,
): { nationalities: Choice[]; sites: Choice[] } {
  const { t } = useTranslation()
  const known = useSites()
  return useMemo(() => {
    const nationalities = new Set<string>()
    const sites = new Set<string>()
    for (const c of finder?.search('') ?? []) {
      nationalities.add(c.nationality)
      sites.add(c.siteCode)
    }
    const collator = new Intl.Collator(lang)
    const byName = (a: Choice, b: Choice) => collator.compare(a.name, b.name)
    return {
      nationalities: [...nationalities]
        .map((code) => ({ code, name: countryName(code, lang, t('form.unknownCountry')) }))
        .sort(byName),
      sites: [...sites].map((code) => ({ code, name: known?.find((s) => s.code === code)?.name ?? code })).sort(byName),
    }
  }, [finder, lang, t, known])
}

interface CaseFilterPanelProps {
  filters: CaseFilters
  setFilter<K extends keyof CaseFilters>(key: K, value: CaseFilters[K] | undefined): void
  nationalities: Choice[]
  /** shown only when the cases here belong to more than one site */
  sites: Choice[]
  active: number
  onClear(): void
}

export const CaseFilterPanel = memo(function CaseFilterPanel({
  filters,
  setFilter,
  nationalities,
  sites,
  active,
  onClear,
}: CaseFilterPanelProps) {
  const { t } = useTranslation()
  const statuses = useCodeOptions('caseStatus')
  const sexes = useCodeOptions('sex')
  // clearing the filters empties the birth year box too (it keeps what is typed otherwise)
  const [clears, setClears] = useState(0)
  const ageGroups = useCodeOptions('ageGroup')
  // open when coming back to filters still on; then opened and closed by the user only
  const [openAtFirst] = useState(active > 0)
  return (
    <details className="case-filters disclosure" open={openAtFirst || undefined}>
      <summary>
        {t('cases.filters')}
        {active > 0 && ` (${t('cases.filtersOn', { count: active })})`}
      </summary>
      <div className="case-filter-grid">
        <div className="field">
          <label htmlFor="case-status">{t('cases.status')}</label>
          <select
            id="case-status"
            value={filters.caseStatus ?? ''}
            onChange={(e) => setFilter('caseStatus', (e.target.value || undefined) as CaseFilters['caseStatus'])}
          >
            <option value="">{t('cases.allStatuses')}</option>
            {statuses.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        {sites.length > 1 && (
          <div className="field">
            <label htmlFor="case-site">{t('cases.site')}</label>
            <select
              id="case-site"
              value={filters.siteCode ?? ''}
              onChange={(e) => setFilter('siteCode', e.target.value || undefined)}
            >
              <option value="">{t('cases.allSites')}</option>
              {sites.map((site) => (
                <option key={site.code} value={site.code}>
                  {site.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="case-nationality">{t('cases.nationality')}</label>
          <select
            id="case-nationality"
            value={filters.nationality ?? ''}
            onChange={(e) => setFilter('nationality', e.target.value || undefined)}
          >
            <option value="">{t('cases.allNationalities')}</option>
            {nationalities.map((n) => (
              <option key={n.code} value={n.code}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-sex">{t('cases.sex')}</label>
          <select
            id="case-sex"
            value={filters.sex ?? ''}
            onChange={(e) => setFilter('sex', (e.target.value || undefined) as CaseFilters['sex'])}
          >
            <option value="">{t('cases.allSexes')}</option>
            {sexes.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <BirthYearFilter key={clears} year={filters.birthYear} onChange={(year) => setFilter('birthYear', year)} />
        <div className="field">
          <label htmlFor="case-age-group">{t('cases.ageGroup')}</label>
          <select
            id="case-age-group"
            value={filters.ageGroup ?? ''}
            onChange={(e) => setFilter('ageGroup', (e.target.value || undefined) as CaseFilters['ageGroup'])}
          >
            <option value="">{t('cases.allAgeGroups')}</option>
            {ageGroups.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-from">{t('cases.registeredFrom')}</label>
          <input
            id="case-from"
            type="date"
            value={filters.registeredFrom ?? ''}
            max={filters.registeredTo}
            onChange={(e) => setFilter('registeredFrom', e.target.value || undefined)}
          />
        </div>
        <div className="field">
          <label htmlFor="case-to">{t('cases.registeredTo')}</label>
          <input
            id="case-to"
            type="date"
            value={filters.registeredTo ?? ''}
            min={filters.registeredFrom}
            onChange={(e) => setFilter('registeredTo', e.target.value || undefined)}
          />
        </div>
        <label className="case-vulnerable-only">
          <input
            type="checkbox"
            checked={filters.vulnerableOnly === true}
            onChange={(e) => setFilter('vulnerableOnly', e.target.checked || undefined)}
          />
          {t('cases.vulnerableOnly')}
        </label>
        {active > 0 && (
          <button
            type="button"
            onClick={() => {
              setClears((n) => n + 1)
              onClear()
            }}
          >
            {t('cases.clearFilters')}
          </button>
        )}
      </div>
    </details>
  )
})

/**
 * Born around a year (± 2): the filter applies once four digits make a possible year, and
 * the box keeps what is being typed meanwhile.
 */
function BirthYearFilter({ year, onChange }: { year: number | undefined; onChange(year: number | undefined): void }) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState(year === undefined ? '' : String(year))
  const thisYear = new Date().getFullYear()
  return (
    <div className="field">
      <label htmlFor="case-birth-year">{t('cases.birthYear')}</label>
      <input
        id="case-birth-year"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        maxLength={4}
        aria-describedby="case-birth-year-hint"
        value={typed}
        onChange={(e) => {
          // the phone's digits, Arabic ones too, kept as ASCII digits
          const text = asciiDigits(e.target.value).replace(/\D/g, '')
          setTyped(text)
          const value = Number(text)
          onChange(text.length === 4 && value >= 1900 && value <= thisYear ? value : undefined)
        }}
      />
      <p id="case-birth-year-hint" className="hint">
        {t('cases.birthYearHint')}
      </p>
    </div>
  )
}
