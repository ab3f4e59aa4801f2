/**
 * One day's figures at the FMP, drawn from DayFigures: people by direction, men, women,
 * boys and girls, the "of which" counts, the top nationalities and transport. A day
 * without tallies says whether the FMP was closed, saw no flow (all day or part of it,
 * as the supervisors' Numbers and exports say it), or has no data.
 */
import { useTranslation } from 'react-i18next'
import { useCodeLabel } from '@/components/code-options'
import { countryName } from '@/i18n/countries'
import type { DayFigures as Figures } from './week-figures'

const PEOPLE = ['men', 'women', 'boys', 'girls'] as const
const OF_WHICH = ['unaccompaniedChildren', 'childrenUnder5', 'elderly', 'pregnantWomen', 'withDisability'] as const
const TOP = 5

/** What a day without tallies means, in words. */
export function DayStateText({ figures }: { figures: Figures }) {
  const { t } = useTranslation()
  if (figures.state === 'counted') return null
  const words = figures.state === 'no_data' || figures.allDay ? 'dayState' : 'dayStatePart'
  return <p className={`day-state day-${figures.state}`}>{t(`today.${words}.${figures.state}`)}</p>
}

/** On a counted day: the closures or no flow recorded for it too (all day or part of it), in words; else nothing. */
export function AlsoRecordedText({ figures }: { figures: Figures }) {
  const { t } = useTranslation()
  if (figures.statuses.length === 0) return null
  return (
    <p className="day-state">
      {figures.statuses
        .map(({ kind, allDay }) => t(`today.${allDay ? 'alsoRecordedAllDay' : 'alsoRecorded'}.${kind}`))
        .join(' ')}
    </p>
  )
}

export function DayFigures({ figures, titleId }: { figures: Figures; titleId: string }) {
  const { t, i18n } = useTranslation()
  const codeLabel = useCodeLabel()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const { totals } = figures
  if (figures.state !== 'counted') return <DayStateText figures={figures} />
  return (
    <div className="day-figures">
      <p className="today-total">
        {t('today.peopleCounted', { count: totals.total })} {t('today.talliesCounted', { count: totals.tallies })}
      </p>
      <AlsoRecordedText figures={figures} />
      <dl className="figure-grid" aria-labelledby={titleId}>
        {figures.directions.map((row) => (
          <div key={row.direction}>
            <dt>{codeLabel('direction', row.direction)}</dt>
            <dd>{row.total}</dd>
          </div>
        ))}
        {PEOPLE.map((field) => (
          <div key={field}>
            <dt>{t(`tally.${field}`)}</dt>
            <dd>{totals[field]}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('today.ofWhich')}</h3>
      <dl className="figure-grid">
        {OF_WHICH.map((field) => (
          <div key={field}>
            <dt>{t(`tally.${field}`)}</dt>
            <dd>{totals[field]}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('today.topNationalities')}</h3>
      <ol className="figure-list">
        {figures.nationalities.slice(0, TOP).map(({ country, count }) => (
          <li key={country}>
            {t('today.labelValue', { label: countryName(country, lang, t('form.unknownCountry')), value: count })}
          </li>
        ))}
      </ol>
      <h3>{t('today.transport')}</h3>
      <ul className="figure-list">
        {figures.transport.map(({ transport, total }) => (
          <li key={transport}>{t('today.labelValue', { label: codeLabel('transport', transport), value: total })}</li>
        ))}
      </ul>
    </div>
  )
}
