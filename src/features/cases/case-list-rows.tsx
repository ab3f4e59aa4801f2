/**
 * The Cases list, virtualised: only the rows in view (and a few around) are in the DOM,
 * whatever the number of cases; the page itself scrolls (one hand, long lists). Each row
 * opens its case; back from it, that row is in view and in focus again, as it was left.
 * Formatters are built once per language, never per row.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { measureElement, useWindowVirtualizer } from '@tanstack/react-virtual'
import type { CaseSummary } from '@/cases/case-finder'
import { useCodeLabel } from '@/components/code-options'
import { RecordState } from '@/components/record-state'
import { countryName } from '@/i18n/countries'
import { intlLocale } from '@/i18n/languages'
import { ageOn } from '@/shared/schemas/registration'
import { SITE_OFFSET, SITE_TIME_ZONE, siteDay } from '@/shared/site-time'

/** What a row needs to write a case, made once per language. */
export interface RowFormat {
  day(day: string): string
  country(code: string): string
  label(list: 'sex' | 'ageGroup' | 'caseStatus', code: string): string
  age(dateOfBirth: string): string
  anonymous: string
  noCaseNumber: string
  vulnerable: string
  possibleDuplicate: string
  registered(date: string): string
}

export function useRowFormat(): RowFormat {
  const { t, i18n } = useTranslation()
  const codeLabel = useCodeLabel()
  const lang = i18n.resolvedLanguage ?? 'fr'
  return useMemo(() => {
    const dayFormat = new Intl.DateTimeFormat(intlLocale(lang), {
      timeZone: SITE_TIME_ZONE,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    })
    const today = siteDay()
    // many cases share a day, a nationality, a code: each is written once
    const cached = (write: (key: string) => string) => {
      const known = new Map<string, string>()
      return (key: string) => {
        let text = known.get(key)
        if (text === undefined) known.set(key, (text = write(key)))
        return text
      }
    }
    const unknownCountry = t('form.unknownCountry')
    const label = cached((key) => {
      const [list, code] = key.split(':') as ['sex' | 'ageGroup' | 'caseStatus', string]
      return codeLabel(list, code)
    })
    return {
      day: cached((day) => dayFormat.format(new Date(`${day}T12:00:00${SITE_OFFSET}`))),
      country: cached((code) => countryName(code, lang, unknownCountry)),
      label: (list, code) => label(`${list}:${code}`),
      age: cached((birth) => t('cases.age', { count: ageOn(birth, today) })),
      anonymous: t('cases.anonymous'),
      noCaseNumber: t('cases.noCaseNumber'),
      vulnerable: t('cases.vulnerable'),
      possibleDuplicate: t('cases.possibleDuplicate'),
      registered: (date) => t('cases.registered', { date }),
    }
  }, [t, lang, codeLabel])
}

const ROW_ESTIMATE = 132

export const CaseRows = memo(function CaseRows({
  cases,
  labelledBy,
  returnTo,
  onReturned,
  onOpen,
}: {
  cases: readonly CaseSummary[]
  labelledBy: string
  /** the case the user comes back from: its row is put in view and in focus */
  returnTo?: string | undefined
  /** told that the row of `returnTo` is in focus, or is not in the list: `returnTo` goes then */
  onReturned?(): void
  /** told which case a row opens, as it is tapped */
  onOpen(id: string): void
}) {
  const format = useRowFormat()
  const listRef = useRef<HTMLUListElement>(null)
  const returnIndex = useMemo(() => (returnTo ? cases.findIndex((c) => c.id === returnTo) : -1), [cases, returnTo])
  // the list starts below the search and filters: its offset in the page, kept current
  const [top, setTop] = useState(0)
  useLayoutEffect(() => {
    const list = listRef.current
    if (!list) return
    const measure = () => setTop(list.getBoundingClientRect().top + window.scrollY)
    measure()
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure)
    observer?.observe(document.body)
    return () => observer?.disconnect()
  }, [])
  // the same function for the same cases: a new one makes the virtualizer lay out every row again
  const getItemKey = useCallback((i: number) => cases[i]?.id ?? i, [cases])
  const virtualizer = useWindowVirtualizer({
    count: cases.length,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 3,
    scrollMargin: top,
    getItemKey,
    // a row not laid out (yet) measures 0: keep the estimate rather than draw every row
    measureElement: (element, entry, instance) => measureElement(element, entry, instance) || ROW_ESTIMATE,
  })
  // back from a case: the page scrolls to about where its row is (rows not drawn are
  // estimated) and the list holds focus, so that the screen's title does not take it
  // (use-route-focus.ts); once the row is drawn, it takes focus and comes fully in view
  useLayoutEffect(() => {
    const list = listRef.current
    if (returnIndex < 0 || !list) return
    list.focus({ preventScroll: true })
    const listTop = list.getBoundingClientRect().top + window.scrollY
    window.scrollTo(0, Math.max(0, listTop + returnIndex * ROW_ESTIMATE - (window.innerHeight - ROW_ESTIMATE) / 2))
    // once, at the first drawing
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const items = virtualizer.getVirtualItems()
  useEffect(() => {
    if (returnTo === undefined) return
    if (returnIndex >= 0) {
      const row = listRef.current?.querySelector<HTMLElement>(`li[data-index="${returnIndex}"] a`)
      if (!row) return // not drawn yet: the scroll brings it
      row.focus({ preventScroll: true })
      // now that the rows around it are measured, in the middle of the screen
      virtualizer.scrollToIndex(returnIndex, { align: 'center' })
    }
    onReturned?.()
  }, [returnTo, returnIndex, items, virtualizer, onReturned])
  return (
    <ul
      ref={listRef}
      className="case-rows"
      aria-labelledby={labelledBy}
      tabIndex={-1}
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {items.map((item) => {
        const c = cases[item.index] as CaseSummary
        return (
          <li
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            aria-setsize={cases.length}
            aria-posinset={item.index + 1}
            className="case-row-item"
            style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
          >
            <CaseRow summary={c} format={format} onOpen={onOpen} />
          </li>
        )
      })}
    </ul>
  )
})

const CaseRow = memo(function CaseRow({
  summary: c,
  format,
  onOpen,
}: {
  summary: CaseSummary
  format: RowFormat
  onOpen(id: string): void
}) {
  const name = c.named ? `${c.givenName ?? ''} ${c.familyName ?? ''}`.trim() : format.anonymous
  const age = c.dateOfBirth ? format.age(c.dateOfBirth) : c.ageGroup ? format.label('ageGroup', c.ageGroup) : null
  const meta = [
    format.label('sex', c.sex),
    age,
    format.country(c.nationality),
    format.label('caseStatus', c.caseStatus),
  ]
  return (
    <Link to={`/cases/${c.id}`} className="case-row" onClick={() => onOpen(c.id)}>
      <span className="case-row-head">
        {c.caseNumber ? (
          <bdi className="case-number" dir="ltr">
            {c.caseNumber}
          </bdi>
        ) : (
          <span className="case-number-none">{format.noCaseNumber}</span>
        )}
        {c.vulnerabilities.length > 0 && (
          <span className="case-badge vulnerable">
            <span aria-hidden="true">⚑ </span>
            {format.vulnerable}
          </span>
        )}
        {c.possibleDuplicate && (
          <span className="case-badge duplicate">
            <span aria-hidden="true">≈ </span>
            {format.possibleDuplicate}
          </span>
        )}
      </span>
      <span className={c.named ? 'case-name' : 'case-name anonymous'}>{name}</span>
      <span className="case-meta">{meta.filter(Boolean).join(' · ')}</span>
      <span className="case-meta">{format.registered(format.day(c.registeredOn))}</span>
      <RecordState record={{ state: c.state, ...(c.errors ? { errors: c.errors } : {}) }} />
    </Link>
  )
})
