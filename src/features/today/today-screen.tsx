/**
 * Today, for a flow monitor: the FMP's local day (Africa/Niamey) and the six before it,
 * with the day's figures, a small chart of the week (uPlot, loaded only here), what is
 * not yet sent, today's tallies each with a link to correct it, and a form to record
 * that the FMP was closed or saw no flow.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { ClockWarning } from '@/components/clock-warning'
import { useCodeLabel } from '@/components/code-options'
import { formatDay, formatSiteTime } from '@/components/dates'
import { SelectField } from '@/components/form-fields'
import { RecordState } from '@/components/record-state'
import { SavedNotice } from '@/components/saved-notice'
import { localizeSites } from '@/i18n/site-names'
import { AlsoRecordedText, DayFigures, DayStateText } from './day-figures'
import { LazyWeekChart } from './lazy-week-chart'
import { StatusForm } from './status-form'
import { StatusList } from './status-list'
import { useToday, type TodayData } from './use-today'
import './today.css'

export function TodayScreen() {
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const [chosen, setChosen] = useState('')
  const read = useToday(chosen)
  const lang = i18n.resolvedLanguage ?? 'fr'
  const sites = useMemo(() => read && localizeSites(read.sites, t, lang), [read, t, lang])
  const [statusOpen, setStatusOpen] = useState(false)
  const [statusSaved, setStatusSaved] = useState(false)
  const arrived = location.state as { saved?: string; deleted?: string } | null
  const justSaved = arrived?.saved === 'flowCount'
  // from a tally's page, where it was deleted: its row is gone from the list, this says why
  const justDeleted = arrived?.deleted === 'flowCount'

  /** Where focus goes once the closure form is gone: it held focus, which must not fall to the page. */
  const refocus = useRef<string | null>(null)
  const closeStatus = useCallback((saved: boolean) => {
    // saved: the list's heading, the new period listed beneath it (the notice above says it
    // is saved); cancelled: back to the button that opened the form
    refocus.current = saved ? 'status-head' : 'status-open'
    setStatusOpen(false)
    setStatusSaved(saved)
  }, [])
  useEffect(() => {
    const target = refocus.current && document.getElementById(refocus.current)
    if (!target) return // drawn once the day is read again
    refocus.current = null
    target.focus()
  }, [statusOpen, read])

  return (
    <section aria-labelledby="today-title" className="record-list today">
      <div className="list-head">
        <h1 id="today-title">{t('today.title')}</h1>
        <Link to="/tally" className="button primary">
          {t('home.tally')}
        </Link>
      </div>
      <ClockWarning />
      <SavedNotice
        show={justSaved || justDeleted || statusSaved}
        message={justDeleted && !statusSaved ? t('today.tallyDeleted') : undefined}
      />
      {sites && sites.length > 1 && (
        <SelectField
          id="today-site"
          label={t('today.site')}
          value={read?.siteCode ?? ''}
          onChange={setChosen}
          options={sites.map((s) => ({ value: s.code, label: s.name }))}
        />
      )}
      {sites?.length === 0 ? (
        <p>{t('today.noSite')}</p>
      ) : !read?.data || !read.siteCode ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <TodayBody
          data={read.data}
          siteCode={read.siteCode}
          statusOpen={statusOpen}
          onStatus={setStatusOpen}
          onDone={closeStatus}
        />
      )}
    </section>
  )
}

function TodayBody({
  data,
  siteCode,
  statusOpen,
  onStatus,
  onDone,
}: {
  data: TodayData
  siteCode: string
  statusOpen: boolean
  onStatus(open: boolean): void
  onDone(saved: boolean): void
}) {
  const { t, i18n } = useTranslation()
  const codeLabel = useCodeLabel()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const today = data.week[data.week.length - 1]
  // stable between draws (the chart is redrawn when they change): `t` changes with the language only
  const labels = useMemo(
    () => ({
      day: t('today.chartDay'),
      incoming: t('codes.direction.incoming'),
      outgoing: t('codes.direction.outgoing'),
    }),
    [t],
  )
  const dayLabel = useCallback((day: string) => formatDay(day, lang, 'numeric'), [lang])
  const { tallies, statuses, surveys } = data.unsent
  const attention = data.attentionTallies

  return (
    <>
      <section aria-labelledby="today-day" className="today-figures">
        <h2 id="today-day">{formatDay(data.today, lang)}</h2>
        {today && <DayFigures figures={today} titleId="today-day" />}
      </section>
      <p className="unsent" role="status">
        {tallies + statuses + surveys + attention === 0
          ? t('today.allSent')
          : [
              attention > 0 ? t('today.attentionTallies', { count: attention }) : '',
              tallies > 0 ? t('today.unsentTallies', { count: tallies }) : '',
              statuses > 0 ? t('today.unsentStatuses', { count: statuses }) : '',
              surveys > 0 ? t('today.unsentSurveys', { count: surveys }) : '',
            ]
              .filter(Boolean)
              .join(' ')}
      </p>

      <h2 id="todays-tallies">{t('today.talliesTitle')}</h2>
      {data.todaysTallies.length === 0 ? <p>{t('today.noTallyToday')}</p> : <TallyRows records={data.todaysTallies} />}

      <h2 id="status-head" tabIndex={-1}>
        {t('today.status.head')}
      </h2>
      {statusOpen ? (
        <StatusForm siteCode={siteCode} onDone={onDone} />
      ) : (
        <button type="button" className="button" id="status-open" onClick={() => onStatus(true)}>
          {t('today.status.open')}
        </button>
      )}
      <StatusList statuses={data.statuses} labelledBy="status-head" />

      <h2 id="week-title">{t('today.weekTitle')}</h2>
      <LazyWeekChart week={data.week} labels={labels} dayLabel={dayLabel} />
      <ul aria-labelledby="week-title" className="week-list">
        {[...data.week].reverse().map((day) => (
          <li key={day.day} className="record-row">
            <p className="record-title">{formatDay(day.day, lang)}</p>
            {day.state === 'counted' ? (
              <>
                <p>
                  {[
                    ...day.directions.map((row) => `${codeLabel('direction', row.direction)} ${row.total}`),
                    t('today.peopleCount', { count: day.totals.total }),
                  ].join(' · ')}
                </p>
                <AlsoRecordedText figures={day} />
              </>
            ) : (
              <DayStateText figures={day} />
            )}
          </li>
        ))}
      </ul>
    </>
  )
}

/** The latest tallies first; a busy day's hundreds only when asked for (the figures above count them all). */
const FIRST_ROWS = 20
/**
 * Drawn with the figures when the screen opens; the rest of the first rows follow in the
 * next moments (a deferred render React may interrupt), so that the figures at the top
 * of the screen do not wait for a list that is mostly below it.
 */
const OPENING_ROWS = 3

function TallyRows({ records }: { records: TodayData['todaysTallies'] }) {
  const { t } = useTranslation()
  const codeLabel = useCodeLabel()
  const [all, setAll] = useState(false)
  const firstRows = useDeferredValue(FIRST_ROWS, OPENING_ROWS)
  const shown = all ? records : records.slice(0, firstRows)
  return (
    <>
      <ul aria-labelledby="todays-tallies">
        {shown.map((data) => {
          const tally = [
            formatSiteTime(data.observedAt),
            codeLabel('direction', data.direction),
            codeLabel('transport', data.transport),
            t('today.peopleCount', { count: data.total }),
          ].join(' · ')
          return (
            <li key={data.id} className="record-row">
              <p className="record-title">{tally}</p>
              <RecordState record={data} />
              {/* its tally in its own text ("Correct 00:20 · Outgoing · Truck · 8 people"), read by
                  every screen reader and voice control: a list of links reads apart */}
              <Link to={`/tally/${data.id}`} className="button">
                {t('today.correct')} <span className="visually-hidden">{tally}</span>
              </Link>
            </li>
          )
        })}
      </ul>
      {shown.length < records.length && firstRows === FIRST_ROWS && (
        <button type="button" className="button" onClick={() => setAll(true)}>
          {t('today.showAllTallies', { count: records.length })}
        </button>
      )}
    </>
  )
}
