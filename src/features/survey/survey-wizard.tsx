/**
 * The Flow Monitoring Survey in pages: consent first (a refusal is saved at once, with
 * nothing else), then a few questions a page. Next checks only the page's questions and
 * moves focus to the first one to fix; Back keeps everything. The answers and the page
 * go to the encrypted draft on every change, so a reload, a crash or an app update
 * brings the monitor back exactly where they were.
 */
import { DiscardDraft } from '@/components/discard-draft'
import type { SummaryItem } from '@/components/error-summary'
import { StepIndicator } from '@/components/step-indicator'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormProvider, useForm, useWatch } from 'react-hook-form'
import { ZodError } from 'zod'
import { FormStatus } from '@/components/form-status'
import type { Draft } from '@/components/use-draft'
// the registration form's "Discard draft", asked twice: the same words in every form
import { isQuotaError } from '@/data/storage-errors'
import type { Survey } from '@/shared/schemas/survey'
import type { Site } from '@/shared/schemas/site'
import type { SurveyDraft } from './survey-draft'
import { fieldId, useErrorText } from './survey-fields'
import { pageFields, pageOfField, pagesFor, type PageId } from './survey-pages'
import { SurveyQuestions } from './survey-questions'
import { surveyResolver } from './survey-resolver'
import { issuesOf, validateSurvey, type SurveyBase, type SurveyField, type SurveyValues } from './survey-values'
import { BusyButton } from '@/components/busy-button'

interface WizardProps {
  draft: Draft<SurveyDraft>
  base: SurveyBase
  sites: Site[]
  /** Throws a ZodError for a record the schema refuses (shown at its fields). */
  onSave(data: Survey): Promise<void>
  onDiscarded(): void
}

export function SurveyWizard({ draft, base, sites, onSave, onDiscarded }: WizardProps) {
  const { t } = useTranslation()
  const resolver = useMemo(() => surveyResolver(base), [base])
  const form = useForm<SurveyValues>({ defaultValues: draft.values.values, resolver, shouldFocusError: false })
  const { getValues, setValue, trigger, subscribe, getFieldState, setError, formState } = form
  const [page, setPageState] = useState<PageId>(draft.values.page)
  const [saving, setSaving] = useState(false)
  /** A problem with no field on screen: a translation key, or `rule:<code>`. */
  const [problem, setProblem] = useState<string | null>(null)
  const errorText = useErrorText()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const moved = useRef(false)
  // "your unfinished form was restored" speaks of the page it came back to: gone once the monitor moves on
  const [movedOn, setMovedOn] = useState(false)
  // the form holds its values: the draft is written without drawing the screen again
  const setDraft = draft.save

  // every change goes to the draft (debounced by useDraft), with the page on screen
  useEffect(
    () => subscribe({ formState: { values: true }, callback: () => setDraft((d) => ({ ...d, values: getValues() })) }),
    [subscribe, getValues, setDraft],
  )

  // the FMP is preselected when the monitor works at only one
  useEffect(() => {
    const only = sites.length === 1 ? sites[0]?.code : undefined
    if (only && getValues('siteCode') === '') setValue('siteCode', only)
  }, [sites, getValues, setValue])

  useEffect(() => {
    if (moved.current) headingRef.current?.focus()
  }, [page])

  const consent = useWatch({ control: form.control, name: 'consent' })
  const pages = pagesFor({ consent })
  const index = Math.max(0, pages.indexOf(page))
  const current = pages[index] as PageId
  const last = index === pages.length - 1

  function goTo(next: PageId) {
    moved.current = true
    setMovedOn(true)
    setProblem(null)
    setPageState(next)
    // a page finished is written at once (a reload or a crash right after Next comes back here)
    void draft.saveNow((d) => ({ ...d, values: getValues(), page: next })).catch(() => undefined)
  }

  function focusFirst(fields: readonly SurveyField[]): boolean {
    const first = fields.find((f) => getFieldState(f).error)
    if (!first) return false
    document.getElementById(fieldId(first))?.focus()
    return true
  }

  async function next() {
    const fields = pageFields(current, getValues())
    if (!(await trigger(fields))) {
      focusFirst(fields)
      return
    }
    const following = pages[index + 1]
    if (following) goTo(following)
  }

  /** After a refused save: the first page with a problem, focus on its first field. */
  function showFirstProblem(): void {
    const values = getValues()
    for (const p of pagesFor(values)) {
      const fields = pageFields(p, values)
      if (fields.some((f) => getFieldState(f).error)) {
        setMovedOn(true)
        setPageState(p)
        setDraft((d) => ({ ...d, page: p }))
        setTimeout(() => focusFirst(fields), 0)
        return
      }
    }
    setProblem(form.formState.errors.root?.form?.message ?? 'form.invalid')
  }

  async function save() {
    if (saving) return
    setProblem(null)
    if (!(await trigger())) return showFirstProblem()
    const values = getValues()
    const result = validateSurvey(values, base, new Date())
    if (!result.ok) return showFirstProblem()
    setSaving(true)
    try {
      await onSave(result.data)
    } catch (error) {
      setSaving(false)
      if (error instanceof ZodError) {
        for (const issue of issuesOf(error.issues, values)) {
          if (issue.field !== 'form' && pageOfField(issue.field, values)) {
            setError(issue.field, { type: 'schema', message: issue.message })
          }
        }
        return showFirstProblem()
      }
      setProblem(isQuotaError(error) ? 'form.storageFull' : 'form.invalid')
    }
  }

  // the summary at the top says what the page's fields say (after a refused Next or Save);
  // focus stays on the first field to fix
  const summary: SummaryItem[] = pageFields(current, getValues()).flatMap((field) => {
    const message = errorText(formState.errors[field]?.message)
    return message ? [{ id: fieldId(field), label: t(`survey.fields.${field}`), message }] : []
  })

  const saveLabel = consent === 'no' ? t('survey.saveRefusal') : t('survey.save')
  return (
    <FormProvider {...form}>
      <form
        className="record-form survey"
        noValidate
        aria-labelledby="survey-title"
        onSubmit={(e) => {
          e.preventDefault()
          void (last ? save() : next())
        }}
      >
        <h1 id="survey-title">{t('survey.title')}</h1>
        <StepIndicator
          label={t('survey.pagesLabel')}
          steps={pages}
          current={current}
          stepLabel={(page) => t(`survey.pages.${page}`)}
        />
        <FormStatus
          draftRestored={draft.restored && !movedOn}
          summary={summary}
          attempt={0}
          problem={draft.storageFull ? 'form.storageFull' : undefined}
        />
        {problem && (
          <p className="form-problem" role="alert">
            {errorText(problem)}
          </p>
        )}
        <section aria-labelledby="survey-page-title">
          <h2 id="survey-page-title" ref={headingRef} tabIndex={-1}>
            {t('survey.pageOf', { n: index + 1, total: pages.length, name: t(`survey.pages.${current}`) })}
          </h2>
          <SurveyQuestions page={current} sites={sites} />
        </section>
        <div className="form-actions">
          {index > 0 && (
            <button type="button" onClick={() => goTo(pages[index - 1] as PageId)}>
              {t('survey.back')}
            </button>
          )}
          <BusyButton type="submit" className="primary" busy={saving || formState.isSubmitting}>
            {last ? (saving ? t('form.saving') : saveLabel) : t('survey.next')}
          </BusyButton>
        </div>
        <DiscardDraft
          label={t('survey.discardDraft')}
          onDiscard={async () => {
            await draft.clear()
            onDiscarded()
          }}
        />
      </form>
    </FormProvider>
  )
}
