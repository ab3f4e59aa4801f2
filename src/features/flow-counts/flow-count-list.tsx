/** Today's tallies on this phone (then earlier ones), newest first, each with its state. */
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { useCodeLabel } from '@/components/code-options'
import { formatDay, formatSiteTime, siteDay } from '@/components/dates'
import { RecordState } from '@/components/record-state'
import { SavedNotice } from '@/components/saved-notice'
import { useRecords, useSites } from '@/components/use-records'
import type { LocalRecord } from '@/data/records'

export function FlowCountList() {
  const { t } = useTranslation()
  const location = useLocation()
  const records = useRecords('flowCount')
  const today = siteDay()
  const justSaved = (location.state as { saved?: string } | null)?.saved === 'flowCount'
  const todays = records?.filter((r) => siteDay(new Date(r.data.observedAt)) === today) ?? []
  const earlier = records?.filter((r) => siteDay(new Date(r.data.observedAt)) !== today) ?? []
  const peopleToday = todays.reduce((sum, r) => sum + r.data.total, 0)

  return (
    <section aria-labelledby="today-title" className="record-list">
      <div className="list-head">
        <h1 id="today-title">{t('tally.todayTitle')}</h1>
        <Link to="/tally" className="button primary">
          {t('home.tally')}
        </Link>
      </div>
      <SavedNotice show={justSaved} />
      {records === undefined ? (
        <p role="status">{t('app.loading')}</p>
      ) : records.length === 0 ? (
        <p>{t('tally.empty')}</p>
      ) : (
        <>
          <p className="today-total">{t('tally.todayTotal', { count: peopleToday })}</p>
          {todays.length > 0 && <TallyRows records={todays} labelledBy="today-title" />}
          {earlier.length > 0 && (
            <>
              <h2 id="earlier-title">{t('tally.earlier')}</h2>
              <TallyRows records={earlier} labelledBy="earlier-title" withDay />
            </>
          )}
        </>
      )}
    </section>
  )
}

function TallyRows({
  records,
  labelledBy,
  withDay,
}: {
  records: LocalRecord<'flowCount'>[]
  labelledBy: string
  withDay?: boolean
}) {
  const { t, i18n } = useTranslation()
  const sites = useSites()
  const codeLabel = useCodeLabel()
  const lang = i18n.resolvedLanguage ?? 'fr'
  return (
    <ul aria-labelledby={labelledBy}>
      {records.map(({ id, data, state, errors }) => (
        <li key={id} className="record-row">
          <p className="record-title">
            {withDay ? `${formatDay(data.observedAt, lang)} ` : ''}
            {formatSiteTime(data.observedAt)} · {codeLabel('direction', data.direction)} ·{' '}
            {codeLabel('transport', data.transport)} · {t('tally.peopleCount', { count: data.total })}
          </p>
          <p className="record-meta">{sites?.find((s) => s.code === data.siteCode)?.name ?? data.siteCode}</p>
          <RecordState record={{ state, errors }} />
        </li>
      ))}
    </ul>
  )
}
