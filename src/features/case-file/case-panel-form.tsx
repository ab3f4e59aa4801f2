/**
 * The frame of every form on a case's page: its title, the error summary, a problem that
 * belongs to no field, the fields, then Save and Cancel.
 */
import type { FormEvent, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, type SummaryItem } from '@/components/error-summary'
import { BusyButton } from '@/components/busy-button'

interface CasePanelFormProps {
  titleId: string
  title: string
  /** h2 for a panel of the page, h3 for one inside a section */
  level?: 2 | 3
  /** shown between the title and the errors */
  intro?: ReactNode
  summary: readonly SummaryItem[]
  attempt: number
  /** a translation key */
  problem: string | null
  saving: boolean
  saveLabel: string
  /** false hides Save (nothing can be chosen) */
  canSave?: boolean
  onSubmit(event: FormEvent): Promise<void>
  onCancel(): void
  children: ReactNode
}

export function CasePanelForm(props: CasePanelFormProps) {
  const { t } = useTranslation()
  const Heading = props.level === 3 ? 'h3' : 'h2'
  return (
    <form
      className="record-form case-panel"
      onSubmit={(e) => {
        // a second Save while the first is being written saves nothing twice
        if (props.saving) e.preventDefault()
        else void props.onSubmit(e)
      }}
      noValidate
      aria-labelledby={props.titleId}
    >
      <Heading id={props.titleId} tabIndex={-1}>
        {props.title}
      </Heading>
      {props.intro}
      <ErrorSummary items={props.summary} attempt={props.attempt} />
      {props.problem && (
        <p className="form-problem" role="alert">
          {t(props.problem)}
        </p>
      )}
      {props.children}
      <div className="form-actions">
        {props.canSave !== false && (
          <BusyButton type="submit" className="primary" busy={props.saving}>
            {props.saving ? t('form.saving') : props.saveLabel}
          </BusyButton>
        )}
        <button type="button" onClick={props.onCancel}>
          {t('caseFile.cancel')}
        </button>
      </div>
    </form>
  )
}
