/**
 * What a record form says above its fields: that a draft was restored, the summary of
 * fields to fix (linking to each), and a problem with the form as a whole.
 */
import { useTranslation } from 'react-i18next'
import { ErrorSummary, type SummaryItem } from './error-summary'

interface FormStatusProps {
  draftRestored: boolean
  summary: SummaryItem[]
  attempt: number
  /** A translation key, e.g. the phone being full. */
  problem?: string | null | undefined
}

export function FormStatus({ draftRestored, summary, attempt, problem }: FormStatusProps) {
  const { t } = useTranslation()
  return (
    <>
      {draftRestored && (
        <p className="notice" role="status">
          {t('form.draftRestored')}
        </p>
      )}
      <ErrorSummary items={summary} attempt={attempt} />
      {problem && (
        <p className="form-problem" role="alert">
          {t(problem)}
        </p>
      )}
    </>
  )
}
