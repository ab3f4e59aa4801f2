/**
 * Cases on this phone: search while typing (a name in any spelling, a case number or a
 * document number), filters, how many match, and the list, vulnerable cases first.
 * Answered from the case index held in memory after unlock (useCaseFinder), never by
 * decrypting every record. What was searched stays while the phone is unlocked, so that
 * coming back from a case finds the list as it was left, that case's row in view and in
 * focus; it goes at lock.
 */
import { memo, useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigationType } from 'react-router'
import { useCaseFinder, useCaseIndexProblem, type CaseFilters } from '@/cases/case-finder'
import { useSession } from '@/components/app-context'
import { useCodeOptions } from '@/components/code-options'
import { FontSample } from '@/components/font-sample'
import { SavedNotice } from '@/components/saved-notice'
import { useSites } from '@/components/use-records'
import { countryName } from '@/i18n/countries'
import { intlLocale } from '@/i18n/languages'
import { onDrop } from '@/session/key-ring'
import { CaseRows } from './case-list-rows'
import './case-list.css'

interface ListQuery {
  text: string
  filters: CaseFilters
}

const EMPTY: ListQuery = { text: '', filters: {} }
// each user's last search, in this tab's memory only (a URL or the history could reach
// the disk); forgotten at lock
const remembered = new Map<string, ListQuery>()
// the case each user last opened from the list, to come back to
const lastOpened = new Map<string, string>()
onDrop((userId) => {
  remembered.delete(userId)
  lastOpened.delete(userId)
})

const numberFormats = new Map<string, Intl.NumberFormat>()
function formatCount(count: number, lang: string): string {
  let format = numberFormats.get(lang)
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(intlLocale(lang))))
  return format.format(count)
}

export function CaseList() {
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const finder = useCaseFinder()
  const problem = useCaseIndexProblem()
  const { user } = useSession()
  const [query, setQuery] = useState<ListQuery>(() => remembered.get(user.id) ?? EMPTY)
  // back from a case (the browser's Back, or the case's link back here): its row again
  const navigation = useNavigationType()
  const [returnTo, setReturnTo] = useState(() => {
    const opened = lastOpened.get(user.id)
    const backFrom = (location.state as { backFrom?: string } | null)?.backFrom
    return opened !== undefined && (navigation === 'POP' || backFrom === opened) ? opened : undefined
  })
  const onOpen = useCallback((id: string) => lastOpened.set(user.id, id), [user.id])
  // once: a list drawn again later (a search with no match, then one with) stays where it is
  const onReturned = useCallback(() => setReturnTo(undefined), [])
  // stable callbacks: typing redraws neither the filters nor the rows already drawn
  const update = useCallback(
    (change: (query: ListQuery) => ListQuery) =>
      setQuery((current) => {
        const next = change(current)
        remembered.set(user.id, next)
        return next
      }),
    [user.id],
  )
  const setFilter = useCallback(
    <K extends keyof CaseFilters>(key: K, value: CaseFilters[K] | undefined) =>
      update((current) => {
        const filters = { ...current.filters }
        if (value === undefined || value === '' || value === false) delete filters[key]
        else filters[key] = value
        return { ...current, filters }
      }),
    [update],
  )
  const clearFilters = useCallback(() => update((current) => ({ ...current, filters: {} })), [update])
  // searched in the render that echoes the key: a search takes milliseconds and the rows
  // drawn are a screenful, so one render and one frame beat a deferred second one
  const found = useMemo(() => finder?.search(query.text, query.filters), [finder, query.text, query.filters])
  const lang = i18n.resolvedLanguage ?? 'fr'
  const choices = useChoices(finder, lang)
  const justSaved = (location.state as { saved?: string } | null)?.saved === 'registration'
  const activeFilters = Object.keys(query.filters).length

  return (
    <section aria-labelledby="cases-title" className="record-list case-list">
      <div className="list-head">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <Link to="/register" className="button primary">
          {t('home.registerPerson')}
        </Link>
      </div>
      <SavedNotice show={justSaved} />
      <div className="field case-search" role="search">
        <label htmlFor="case-search">{t('cases.search')}</label>
        <input
          id="case-search"
          type="search"
          value={query.text}
          onChange={(e) => {
            const text = e.target.value
            update((current) => ({ ...current, text }))
          }}
          aria-describedby="case-search-hint"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="search"
        />
        <p className="hint" id="case-search-hint">
          {t('cases.searchHint')}
        </p>
      </div>
      <CaseFilterPanel
        filters={query.filters}
        setFilter={setFilter}
        nationalities={choices.nationalities}
        sites={choices.sites}
        active={activeFilters}
        onClear={clearFilters}
      />
      {problem ? (
        <div className="form-problem" role="alert">
          <p>{t('cases.loadFailed')}</p>
          <button type="button" onClick={problem.retry}>
            {t('cases.retry')}
          </button>
        </div>
      ) : finder === undefined || found === undefined ? (
        <p role="status">{t('cases.loading')}</p>
      ) : (
        <>
          <p role="status" className="case-count" id="case-count">
            {t('cases.count', { count: found.length, formatted: formatCount(found.length, lang) })}
          </p>
          {finder.size === 0 ? (
            <p>{t('cases.empty')}</p>
          ) : found.length === 0 ? (
            <p>{t('cases.noMatch')}</p>
          ) : (
            <CaseRows
              cases={found}
              labelledBy="case-count"
              returnTo={returnTo}
              onReturned={onReturned}
              onOpen={onOpen}
            />
          )}
          {/* a case's page writes its number large: its font is loaded here, not as a case first opens */}
          <FontSample className="case-number large" />
        </>
      )}
    </section>
  )
}

interface Choice {
  code: string
  name: string
}

/** The nationalities and sites of the cases here, by name in the interface language. */
function useChoices(
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

const CaseFilterPanel = memo(function CaseFilterPanel({
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
          const text = e.target.value.replace(/\D/g, '')
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
