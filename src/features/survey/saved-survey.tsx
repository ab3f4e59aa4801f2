/**
 * After a survey is saved: what was kept (the whole interview, or only the refusal), its
 * state as it moves from this phone to the server, the FMP's surveys of the day (a
 * refusal is counted too), and "Start another survey". The state says it once ("Saved on
 * this phone", then "Sent"), announced as it changes: no second notice repeats it.
 */
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { siteDay } from '@/components/dates'
import { RecordState } from '@/components/record-state'
import { useRecords, useSites } from '@/components/use-records'
import type { Survey } from '@/shared/schemas/survey'

export function SavedSurveyPanel({ survey, onAnother }: { survey: Survey; onAnother(): void }) {
  const { t } = useTranslation()
  const records = useRecords('survey')
  const sites = useSites()
  const record = records?.find((r) => r.id === survey.id)
  const site = sites?.find((s) => s.code === survey.siteCode)?.name ?? survey.siteCode
  // the form and its Save button are gone: the heading takes focus, read out first
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const day = siteDay()
  const todays = records?.filter((r) => r.data.siteCode === survey.siteCode && r.data.interviewedOn === day) ?? []
  const refusals = todays.filter((r) => !r.data.consent).length
  return (
    <section aria-labelledby="saved-survey-title" className="saved-survey">
      <h1 id="saved-survey-title" ref={heading} tabIndex={-1}>
        {survey.consent ? t('survey.savedTitle') : t('survey.refusalSavedTitle')}
      </h1>
      {!survey.consent && <p className="notice">{t('survey.refusalSavedNote')}</p>}
      <p role="status" aria-live="polite">
        {record && <RecordState record={record} />}
      </p>
      {records && (
        <p className="today-total">
          {t('survey.todayCount', {
            site,
            interviews: t('survey.interviews', { count: todays.length - refusals }),
            refusals: t('survey.refusals', { count: refusals }),
          })}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="primary" onClick={onAnother} autoFocus>
          {t('survey.startAnother')}
        </button>
        <Link to="/" className="button">
          {t('app.backHome')}
        </Link>
      </div>
    </section>
  )
}
