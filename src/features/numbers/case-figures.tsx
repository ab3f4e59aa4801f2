/**
 * The person-level sections of a Numbers view (MRRM): registrations per centre by
 * nationality and vulnerability, assistance by type, open referrals by time waited, the
 * AVRR pipeline. A count under 5 is "<5" in the table, as in the exports; the charts draw known counts only.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { countryName } from '@/i18n/countries'
import type { SuppressedCount } from '@/shared/schemas/stats'
import { BarChart } from './numbers-chart'
import { bySite, CATEGORY_ORDER, knownSums, sortRows, type KnownSum } from './numbers-figures'
import { FigureTable, type Cell } from './figure-table'
import { FigureSection, NoFigures } from './figure-section'
import type { NumbersView } from './numbers-view'

interface CaseFiguresProps {
  view: NumbersView
  siteName(code: string): string
}

export function CaseFigures({ view, siteName }: CaseFiguresProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const country = (code: string) => countryName(code, lang, t('form.unknownCountry'))
  const yesNo = (v: boolean) => t(v ? 'form.yes' : 'form.no')

  return (
    <>
      <PersonSection
        siteName={siteName}
        id="numbers-registrations"
        title={t('numbers.registrations.title')}
        caption={t('numbers.registrations.caption')}
        rows={view.registrations}
        category={(r) => (r.vulnerable ? 'vulnerable' : 'other')}
        chartLabel={(c) => t(`numbers.registrations.${c as 'vulnerable' | 'other'}`)}
        head={[t('numbers.nationality'), t('numbers.registrations.vulnerableColumn'), t('numbers.people')]}
        row={(r) => [country(r.nationality), yesNo(r.vulnerable), r.count]}
        sortKey={(r) => `${country(r.nationality)} ${r.vulnerable ? 0 : 1}`}
      />
      <PersonSection
        siteName={siteName}
        id="numbers-assistance"
        title={t('numbers.assistance.title')}
        caption={t('numbers.assistance.caption')}
        rows={view.assistance}
        category={(r) => r.type}
        chartLabel={(c) => t(`codes.assistanceType.${c}`)}
        head={[t('numbers.assistance.type'), t('numbers.people')]}
        row={(r) => [t(`codes.assistanceType.${r.type}`), r.count]}
      />
      <PersonSection
        siteName={siteName}
        id="numbers-referrals"
        title={t('numbers.referrals.title')}
        caption={t('numbers.referrals.caption')}
        rows={view.referrals}
        category={(r) => r.waited}
        order={CATEGORY_ORDER.waited}
        chartLabel={(c) => t(`numbers.referrals.waited.${c}`)}
        head={[t('numbers.referrals.waitedColumn'), t('numbers.referrals.count')]}
        row={(r) => [t(`numbers.referrals.waited.${r.waited}`), r.count]}
      />
      <PersonSection
        siteName={siteName}
        id="numbers-avrr"
        title={t('numbers.avrr.title')}
        caption={t('numbers.avrr.caption')}
        rows={view.avrr}
        category={(r) => r.status}
        order={CATEGORY_ORDER.status}
        chartLabel={(c) => t(`codes.caseStatus.${c}`)}
        head={[t('numbers.avrr.status'), t('numbers.people')]}
        row={(r) => [t(`codes.caseStatus.${r.status}`), r.count]}
      />
    </>
  )
}

interface PersonSectionProps<R extends { siteCode: string; count: SuppressedCount }> {
  id: string
  title: string
  caption: string
  rows: readonly R[]
  /** What the chart sums by. */
  category(row: R): string
  order?: readonly string[]
  chartLabel(category: string): string
  siteName(code: string): string
  /** The columns, the centre's aside: rows come under their centre's name. */
  head: string[]
  row(row: R): Cell[]
  /** How rows of one centre sort (default: by category). */
  sortKey?(row: R): string
}

function PersonSection<R extends { siteCode: string; count: SuppressedCount }>(props: PersonSectionProps<R>) {
  const { t } = useTranslation()
  const { id, title, caption, rows, category, order, chartLabel, siteName, head, row, sortKey } = props
  const sums = useMemo(() => knownSums(rows, category, order), [rows, category, order])
  const groups = bySite(sortRows(rows, sortKey ?? category, order)).map(([site, siteRows]) => ({
    title: siteName(site),
    rows: siteRows.map(row),
  }))
  return (
    <FigureSection id={id} title={title}>
      {rows.length === 0 ? (
        <NoFigures />
      ) : (
        <>
          <SumsChart sums={sums} label={title} chartLabel={chartLabel} />
          <FigureTable caption={caption} head={head} rows={groups} firstFigure={head.length - 1} />
          {rows.some((r) => r.count === '<5') && <p className="hint">{t('numbers.suppressedNote')}</p>}
        </>
      )}
    </FigureSection>
  )
}

function SumsChart({ sums, label, chartLabel }: { sums: KnownSum[]; label: string; chartLabel(c: string): string }) {
  const labels = useMemo(() => sums.map((s) => chartLabel(s.category)), [sums, chartLabel])
  const values = useMemo(() => sums.map((s) => s.known), [sums])
  return <BarChart labels={labels} values={values} label={label} />
}
