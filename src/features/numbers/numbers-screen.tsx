/**
 * Numbers (supervisors, admins): flows and case figures for chosen dates and sites (the
 * last 30 days at the user's sites by default), computed by the server over all its
 * data. The last view is kept on the phone, sealed, and shown offline with its time,
 * until the link comes back and the screen loads again by itself.
 * Loaded lazily (numbers-route.tsx), with its charts' library.
 */
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '@/components/app-context'
import { ConnectionNeeded } from '@/components/connection-needed'
import { formatDay, formatSiteTime } from '@/components/dates'
import { useSites } from '@/components/use-records'
import { ProblemMessage } from '@/features/admin/problem-message'
import { CaseFigures } from './case-figures'
import { FlowFigures } from './flow-figures'
import { NumbersFilters } from './numbers-filters'
import { defaultQuery, type NumbersQuery } from './numbers-query'
import type { NumbersView } from './numbers-view'
import { useNumbers, type NumbersState } from './use-numbers'
import './numbers.css'

export default function NumbersScreen() {
  const { t } = useTranslation()
  const { user } = useSession()
  const allSites = useSites()
  const [query, setQuery] = useState(defaultQuery)
  const { state, reload } = useNumbers(query)
  const mySites = useMemo(
    () => allSites?.filter((s) => user.role === 'admin' || user.sites.includes(s.code)) ?? [],
    [allSites, user],
  )
  const siteName = (code: string) => allSites?.find((s) => s.code === code)?.name ?? code
  const apply = (next: NumbersQuery) => (sameQuery(next, query) ? reload() : setQuery(next))

  return (
    <section aria-labelledby="numbers-title" className="numbers">
      <h1 id="numbers-title">{t('numbers.title')}</h1>
      {/* the figures wait for the site list: they name sites */}
      {allSites ? (
        <>
          <NumbersFilters query={query} sites={mySites} onApply={apply} />
          <ViewState state={state} onRetry={reload} />
        </>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
      {allSites && (state.status === 'fresh' || state.status === 'kept') && (
        <div className="numbers-figures">
          <FlowFigures view={state.view} siteName={siteName} />
          <CaseFigures view={state.view} siteName={siteName} />
        </div>
      )}
    </section>
  )
}

const sameQuery = (a: NumbersQuery, b: NumbersQuery) =>
  a.from === b.from && a.to === b.to && a.sites.join() === b.sites.join()

/** Loading, the time of the view shown, or why it is not the server's latest. */
function ViewState({ state, onRetry }: { state: NumbersState; onRetry(): void }) {
  const { t } = useTranslation()
  const asOf = useAsOf()
  switch (state.status) {
    case 'loading':
      return <p role="status">{t('app.loading')}</p>
    case 'fresh':
      return (
        <p role="status" className="numbers-as-of">
          {t('numbers.asOf', asOf(state.view))}
        </p>
      )
    case 'kept':
      return (
        <>
          {state.problem.kind === 'offline' ? (
            <ConnectionNeeded onRetry={onRetry} what={t('numbers.offlineKept')} />
          ) : (
            <ProblemMessage problem={state.problem} onRetry={onRetry} />
          )}
          <p className="numbers-as-of kept">{t('numbers.keptAsOf', asOf(state.view))}</p>
        </>
      )
    case 'problem':
      return state.problem.kind === 'offline' ? (
        <ConnectionNeeded onRetry={onRetry} detail={t('numbers.nothingKept')} />
      ) : (
        <ProblemMessage problem={state.problem} onRetry={onRetry} />
      )
  }
}

/** "as of 4 Dec 2026, 14:03, for 5 Nov 2026 – 4 Dec 2026": the interpolation values of a view. */
function useAsOf() {
  const { i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  return (view: NumbersView) => ({
    day: formatDay(view.fetchedAt, lang),
    time: formatSiteTime(view.fetchedAt),
    from: formatDay(view.query.from, lang),
    to: formatDay(view.query.to, lang),
  })
}
