/**
 * Cases on this phone: search while typing (a name in any spelling, a case number or a
 * document number), filters, how many match, and the list, vulnerable cases first.
 * Answered from the case index held in memory after unlock (useCaseFinder), never by
 * decrypting every record. What was searched stays while the phone is unlocked, so that
 * coming back from a case finds the list as it was left, that case's row in view and in
 * focus; it goes at lock.
 */
import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigationType } from 'react-router'
import { useCaseFinder, useCaseIndexProblem, type CaseFilters } from '@/cases/case-finder'
import { useSession } from '@/components/app-context'
import { FontSample } from '@/components/font-sample'
import { SavedNotice } from '@/components/saved-notice'
import { intlLocale } from '@/i18n/languages'
import { onDrop } from '@/session/key-ring'
import { CaseFilterPanel, useChoices } from './case-filters'
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
