/**
 * The flow sections of a Numbers view (DTM tallies): per FMP per day (with the days its
 * monitors recorded it closed or without flow), sex and age, nationalities, transport.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDay } from '@/components/dates'
import { countryName } from '@/i18n/countries'
import { intlLocale } from '@/i18n/languages'
import { DIRECTIONS } from '@/shared/schemas/codes'
import { FMP_STATUS_KINDS, type FmpStatusKind } from '@/shared/schemas/fmp-status'
import { BarChart, DayLinesChart } from './numbers-chart'
import { byTransport, flowsBySite, SEX_AGE, sexAgeByDirection, topNationalities, type FlowDay } from './numbers-figures'
import { FigureTable } from './figure-table'
import { FigureSection, NoFigures } from './figure-section'
import { addDays } from './numbers-query'
import type { NumbersView } from './numbers-view'

interface FlowFiguresProps {
  view: NumbersView
  siteName(code: string): string
}

export function FlowFigures({ view, siteName }: FlowFiguresProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const perSite = useMemo(() => flowsBySite(view.flows, view.dayStatuses), [view.flows, view.dayStatuses])
  const range = useMemo(() => daysOf(view.query.from, view.query.to), [view.query.from, view.query.to])
  const sexAge = useMemo(() => sexAgeByDirection(view.flows), [view.flows])
  const countries = useMemo(() => topNationalities(view.nationality), [view.nationality])
  const transport = useMemo(() => byTransport(view.transport), [view.transport])
  const direction = (d: (typeof DIRECTIONS)[number]) => t(`codes.direction.${d}`)
  const sexAgeLabels = SEX_AGE.map((k) => t(`numbers.sexAge.${k}`))
  const countryLabel = (code: string) => countryName(code, lang, t('form.unknownCountry'))
  // a day's year only when the range spans two: the range, with its years, is said above
  const sameYear = view.query.from.slice(0, 4) === view.query.to.slice(0, 4)
  const tableDay = (day: string) => (sameYear ? shortDay(day, lang) : formatDay(day, lang))
  // a day's mark beside its date: closed or no flow, all day or part of it, as the
  // flows-daily export says it
  const dayCell = ({ day, status, allDay, counted }: FlowDay) =>
    status === undefined
      ? tableDay(day)
      : t(`numbers.flows.${markWords(allDay, counted)}.${status}`, { day: tableDay(day) })

  return (
    <>
      <FigureSection id="numbers-flows" title={t('numbers.flows.title')}>
        {perSite.size === 0 ? <NoFigures /> : <p className="hint">{t('numbers.flows.marksNote')}</p>}
        {[...perSite].map(([site, days]) => (
          <div key={site} className="numbers-site">
            <h3>{siteName(site)}</h3>
            <FlowDaysChart range={range} days={days} label={siteName(site)} />
            <MarkedDays days={days} dayText={tableDay} />
            <FigureTable
              caption={t('numbers.flows.caption', { site: siteName(site) })}
              head={[t('numbers.day'), direction('incoming'), direction('outgoing'), t('numbers.total')]}
              rows={days.map((d) => [dayCell(d), d.incoming, d.outgoing, d.incoming + d.outgoing])}
              firstFigure={1}
            />
          </div>
        ))}
      </FigureSection>

      <FigureSection id="numbers-sex-age" title={t('numbers.sexAge.title')}>
        {view.flows.length === 0 ? (
          <NoFigures />
        ) : (
          <>
            <BarChart
              label={t('numbers.sexAge.title')}
              labels={sexAgeLabels}
              values={SEX_AGE.map((k) => sexAge.incoming[k] + sexAge.outgoing[k])}
            />
            {/* one row per sex and age, the directions side by side: it fits a phone */}
            <FigureTable
              caption={t('numbers.sexAge.caption')}
              head={[t('numbers.sexAge.group'), direction('incoming'), direction('outgoing'), t('numbers.total')]}
              rows={SEX_AGE.map((k) => [
                t(`numbers.sexAge.${k}`),
                sexAge.incoming[k],
                sexAge.outgoing[k],
                sexAge.incoming[k] + sexAge.outgoing[k],
              ])}
              foot={[
                t('numbers.total'),
                sexAge.incoming.total,
                sexAge.outgoing.total,
                sexAge.incoming.total + sexAge.outgoing.total,
              ]}
              firstFigure={1}
            />
          </>
        )}
      </FigureSection>

      <FigureSection id="numbers-nationalities" title={t('numbers.nationalities.title')}>
        {countries.length === 0 ? (
          <NoFigures />
        ) : (
          <>
            <BarChart
              label={t('numbers.nationalities.title')}
              labels={countries.map((c) => countryLabel(c.country))}
              values={countries.map((c) => c.total)}
            />
            <FigureTable
              caption={t('numbers.nationalities.caption', { count: countries.length })}
              head={[t('numbers.nationality'), direction('incoming'), direction('outgoing'), t('numbers.total')]}
              rows={countries.map((c) => [countryLabel(c.country), c.incoming, c.outgoing, c.total])}
              firstFigure={1}
            />
          </>
        )}
      </FigureSection>

      <FigureSection id="numbers-transport" title={t('numbers.transport.title')}>
        {transport.length === 0 ? (
          <NoFigures />
        ) : (
          <>
            <BarChart
              label={t('numbers.transport.title')}
              labels={transport.map((m) => t(`codes.transport.${m.transport}`))}
              values={transport.map((m) => m.total)}
            />
            <FigureTable
              caption={t('numbers.transport.caption')}
              head={[t('numbers.transport.mode'), t('numbers.persons'), t('numbers.tallies')]}
              rows={transport.map((m) => [t(`codes.transport.${m.transport}`), m.total, m.tallies])}
              firstFigure={1}
            />
          </>
        )}
      </FigureSection>
    </>
  )
}

/**
 * The words of a marked day: all day or part of it; from an older server, which does not
 * say (no `allDay`), a counted day's mark is for part of it and another is just marked.
 */
function markWords(allDay: boolean | undefined, counted: boolean): 'allDay' | 'partly' | 'marked' {
  if (allDay === undefined) return counted ? 'partly' : 'marked'
  return allDay ? 'allDay' : 'partly'
}

/** The lines of MarkedDays, in order, with the words of their list of days. */
const MARKED_DAYS_LINES = FMP_STATUS_KINDS.flatMap((kind) =>
  (['allDay', 'partly', 'marked'] as const).map((words) => ({ kind, words })),
)
const MARKED_DAYS_KEYS = { allDay: 'markedAllDay', partly: 'markedPartly', marked: 'markedDays' } as const

/**
 * In words beside the chart, the days without tallies that the FMP's monitors recorded
 * closed or without flow, all day or part of it (the chart draws them at zero, a day
 * without data as a gap).
 */
function MarkedDays({ days, dayText }: { days: FlowDay[]; dayText(day: string): string }) {
  const { t, i18n } = useTranslation()
  const list = (kind: FmpStatusKind, words: ReturnType<typeof markWords>) =>
    new Intl.ListFormat(intlLocale(i18n.resolvedLanguage ?? 'fr'), { type: 'conjunction' }).format(
      days
        .filter((d) => !d.counted && d.status === kind && markWords(d.allDay, false) === words)
        .map((d) => dayText(d.day)),
    )
  const lines = MARKED_DAYS_LINES.flatMap(({ kind, words }) => {
    const text = list(kind, words)
    return text === '' ? [] : [t(`numbers.flows.${MARKED_DAYS_KEYS[words]}.${kind}`, { days: text })]
  })
  if (lines.length === 0) return null
  return (
    <div className="numbers-marked-days">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  )
}

/** Every day of the range on the x axis: a day with no data is a gap in the lines, a closed or no-flow day a zero. */
function FlowDaysChart({ range, days, label }: { range: string[]; days: FlowDay[]; label: string }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const dayLabels = useMemo(() => range.map((day) => shortDay(day, lang)), [range, lang])
  const series = useMemo(() => {
    const byDay = new Map(days.map((d) => [d.day, d]))
    return DIRECTIONS.map((direction) => ({
      label: t(`codes.direction.${direction}`),
      values: range.map((day) => byDay.get(day)?.[direction] ?? null),
    }))
  }, [range, days, t])
  return <DayLinesChart days={dayLabels} series={series} label={label} dayWord={t('numbers.day')} />
}

/** The days from `from` to `to`, both included. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = []
  for (let day = from; day <= to && days.length <= 366; day = addDays(day, 1)) days.push(day)
  return days
}

/** "20 nov." (fr), "Nov 20" (en): a day on a chart's axis, or in a table of one year's days. */
function shortDay(day: string, lang: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(
    new Date(`${day}T00:00:00Z`),
  )
}
