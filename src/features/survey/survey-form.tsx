/**
 * The Flow Monitoring Survey screen (route `survey`): the interview in pages
 * (survey-wizard.tsx), saved through the data layer like every record (the outbox sends
 * it), then a confirmation and "Start another survey" at the same FMP.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'react-router'
import { useDb } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { useDraft } from '@/components/use-draft'
import { useMySites } from '@/components/use-records'
import { saveRecord } from '@/data/records'
import { newId } from '@/shared/ids'
import type { Survey } from '@/shared/schemas/survey'
import { SavedSurveyPanel } from './saved-survey'
import { parseSurveyDraft, type SurveyDraft } from './survey-draft'
import { emptySurvey, SURVEY_DRAFT_KEY, type SurveyBase } from './survey-values'
import { SurveyWizard } from './survey-wizard'

const newBase = (): SurveyBase => ({ id: newId(), createdAt: new Date().toISOString() })
const freshDraft = (): SurveyDraft => ({ values: emptySurvey(siteDay()), page: 'consent' })

export function SurveyForm() {
  const { t } = useTranslation()
  const db = useDb()
  const sites = useMySites('fmp')
  const draft = useDraft<SurveyDraft>(SURVEY_DRAFT_KEY, freshDraft, parseSurveyDraft)
  const location = useLocation()
  // the survey just saved, shown until the monitor moves on (opening the screen again included)
  const [saved, setSaved] = useState<{ survey: Survey; at: string } | null>(null)
  // a new round (another survey, a discarded draft) is a new record
  const [round, setRound] = useState(0)
  const [base, setBase] = useState(newBase)
  const nextRound = () => {
    setBase(newBase())
    setRound((r) => r + 1)
  }

  if (!draft.loaded || !sites) return <p role="status">{t('app.loading')}</p>

  async function save(data: Survey) {
    const record = await saveRecord(db, 'survey', data)
    await draft.clear()
    setSaved({ survey: record.data, at: location.key })
  }

  if (saved && saved.at === location.key) {
    return (
      <SavedSurveyPanel
        survey={saved.survey}
        onAnother={() => {
          // the next interview is most likely at the same FMP, today
          draft.setValues(() => ({ values: emptySurvey(siteDay(), saved.survey.siteCode), page: 'consent' }))
          setSaved(null)
          nextRound()
        }}
      />
    )
  }
  return <SurveyWizard key={round} draft={draft} base={base} sites={sites} onSave={save} onDiscarded={nextRound} />
}
