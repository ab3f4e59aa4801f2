/**
 * The registration form in steps (consent, identity, household, journey,
 * vulnerabilities, AVRR, review), for a new case or an edit. Next checks only the
 * step's fields and moves focus to the first one to fix; Back keeps everything. The
 * values and the step go to the encrypted draft on every change (at once when the step
 * changes, shortly after typing), so a reload, a crash or an app update brings the
 * registrar back exactly where they were.
 */
import { DiscardDraft } from '@/components/discard-draft'
import { takeEnterInField } from '@/components/enter-in-field'
import { StepIndicator } from '@/components/step-indicator'
import { startTransition, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormProvider, useForm, useWatch } from 'react-hook-form'
import { ZodError } from 'zod'
import type { SummaryItem } from '@/components/error-summary'
import { FormStatus } from '@/components/form-status'
import type { Draft } from '@/components/use-draft'
import { isQuotaError } from '@/data/storage-errors'
import type { Registration } from '@/shared/schemas/registration'
import type { Site } from '@/shared/schemas/site'
import { useErrorText } from './bound-fields'
import { AvrrStep, HouseholdStep, JoinsHouseholdNote, JourneyStep, VulnerabilitiesStep } from './case-steps'
import { ConsentStep } from './consent-step'
import { DuplicateWarning, usePossibleDuplicates } from './duplicate-warning'
import { FIELDS, fieldId } from './field-labels'
import { IdentityStep } from './identity-step'
import type { RegistrationDraft } from './registration-draft'
import { failingFields, registrationResolver, stepPasses } from './registration-resolver'
import { stepFields, stepOfField, stepsFor, type StepId } from './registration-steps'
import { issuesOf, validateRegistration, type RegistrationBase } from './registration-validation'
import type { RegistrationField, RegistrationValues } from './registration-values'
import { ReviewStep } from './review-step'
import { BusyButton } from '@/components/busy-button'

export interface WizardProps {
  title: string
  draft: Draft<RegistrationDraft>
  /** The step to open on (else the draft's). */
  startStep?: StepId | undefined
  base: RegistrationBase
  sites: Site[]
  /** An edit: the case's values as saved (an edit that leaves who the person is alone raises no duplicate warning). */
  original?: RegistrationValues | undefined
  /** Focus goes to the form's title as it opens (the button that opened it is gone). */
  focusTitle?: boolean
  /** An edit of a named case: consent to processing is withdrawn from the case page, not here. */
  consentLocked?: boolean
  /** Throws a ZodError for a record the schema refuses (shown at its fields). */
  onSave(data: Registration): Promise<void>
  onDiscarded(): void
  discardLabel: string
}

const MAX_DUPLICATES = 10

export function RegistrationWizard(props: WizardProps) {
  const { t } = useTranslation()
  const { draft, base, sites } = props
  const resolver = useMemo(() => registrationResolver(base), [base])
  const form = useForm<RegistrationValues>({ defaultValues: draft.values.values, resolver, shouldFocusError: false })
  const { getValues, setValue, trigger, subscribe, getFieldState, setError, formState } = form
  const [step, setStepState] = useState<StepId>(props.startStep ?? draft.values.step)
  const [saving, setSaving] = useState(false)
  /** A problem with no field on screen: a translation key, or `rule:<code>`. */
  const [problem, setProblem] = useState<string | null>(null)
  const errorText = useErrorText()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const moved = useRef(false)
  // "your unfinished form was restored" speaks of the step it came back to: gone once the registrar moves on
  const [movedOn, setMovedOn] = useState(false)
  // the step last asked for: the one on screen, or the one still being drawn
  const asked = useRef<StepId>(step)
  // a step opened by "Change" on the review: its Next goes back to the review
  const fromReview = useRef(false)
  // the form holds its values: the draft is written without drawing the screen again
  const setDraft = draft.save

  // every change goes to the draft (debounced by useDraft), with the step on screen
  useEffect(
    () => subscribe({ formState: { values: true }, callback: () => setDraft((d) => ({ ...d, values: getValues() })) }),
    [subscribe, getValues, setDraft],
  )

  // the transit centre is preselected when the user works at only one
  useEffect(() => {
    const only = sites.length === 1 ? sites[0]?.code : undefined
    if (only && getValues('siteCode') === '') setValue('siteCode', only)
  }, [sites, getValues, setValue])

  useEffect(() => {
    if (moved.current) headingRef.current?.focus()
  }, [step])

  const titleRef = useRef<HTMLHeadingElement>(null)
  const focusTitle = props.focusTitle ?? false
  useEffect(() => {
    if (focusTitle) titleRef.current?.focus()
  }, [focusTitle])

  const consent = useWatch({ control: form.control, name: 'consentProcessing' })
  const steps = stepsFor({ consentProcessing: consent } as RegistrationValues)
  const index = Math.max(0, steps.indexOf(step))
  const current = steps[index] as StepId
  const duplicates = usePossibleDuplicates(form.control, base.id, props.original)

  async function goTo(next: StepId) {
    asked.current = next
    moved.current = true
    if (next === 'review') fromReview.current = false
    // only while that notice shows: otherwise the step would draw once more before its draft is written
    if (draft.restored && !movedOn) setMovedOn(true)
    setProblem(null)
    // the draft first: a reload right after lands on this step with every value. It is
    // written before the next step is drawn (a few milliseconds), not between the slices
    // of the drawing, which would hold its sealing and write back. A write that fails
    // (the phone locked meanwhile) does not hold the step back: the values stay in the
    // form, and the next change writes them
    await draft.saveNow((d) => ({ ...d, values: getValues(), step: next })).catch(() => undefined)
    if (asked.current === next) startTransition(() => setStepState(next))
  }

  function focusFirst(fields: readonly RegistrationField[]): boolean {
    const first = fields.find((f) => getFieldState(f).error)
    if (!first) return false
    document.getElementById(fieldId(first))?.focus()
    return true
  }

  async function next() {
    const values = getValues()
    const list = stepsFor(values)
    // Next tapped again while the next step is being drawn goes on from that step
    const from = list.includes(asked.current) ? asked.current : current
    const fields = stepFields(from, values)
    // the form's own check only when it has something to show: a problem, or one to clear
    const quiet = fields.every((f) => !getFieldState(f).error) && stepPasses(values, base, fields)
    if (fields.length > 0 && !quiet && !(await trigger(fields))) {
      focusFirst(fields)
      return
    }
    const following = fromReview.current ? 'review' : list[list.indexOf(from) + 1]
    if (following) await goTo(following)
  }

  /**
   * "Register anyway" on the identity step: on to the next step when the
   * step passes; else the first answer still to give takes focus, with no error shown
   * (errors are for a refused Next or Save).
   */
  function continueAfterDuplicates() {
    const values = getValues()
    const fields = stepFields(current, values)
    const [first] = fields.every((f) => !getFieldState(f).error) ? failingFields(values, base, fields) : []
    if (first === undefined) return void next()
    document.getElementById(fieldId(first))?.focus()
  }

  /** "Change" on the review: that step, whose Next comes back to the review. */
  function change(step: StepId) {
    fromReview.current = true
    void goTo(step)
  }

  function back() {
    // walking back is a plain walk again: Next goes on step by step
    fromReview.current = false
    const list = stepsFor(getValues())
    // Back tapped again while the previous step is being drawn goes on from that step
    const from = list.includes(asked.current) ? asked.current : current
    const previous = list[list.indexOf(from) - 1]
    if (previous) void goTo(previous)
  }

  /** After a refused save: the first step with a problem, focus on its first field. */
  function showFirstProblem(): void {
    const values = getValues()
    for (const s of stepsFor(values)) {
      const fields = stepFields(s, values)
      if (fields.some((f) => getFieldState(f).error)) {
        asked.current = s
        // fixed, it goes back to the review to save, as from "Change"
        fromReview.current = true
        if (draft.restored && !movedOn) setMovedOn(true)
        setStepState(s)
        setDraft((d) => ({ ...d, step: s }))
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
    const ids = duplicates?.map((c) => c.id) ?? []
    const possibleDuplicateOf = [...new Set([...(base.possibleDuplicateOf ?? []), ...ids])].slice(0, MAX_DUPLICATES)
    const values = getValues()
    const result = validateRegistration(values, { ...base, possibleDuplicateOf }, new Date())
    if (!result.ok) return showFirstProblem()
    setSaving(true)
    try {
      await props.onSave(result.data)
    } catch (error) {
      setSaving(false)
      if (error instanceof ZodError) {
        for (const issue of issuesOf(error.issues, values)) {
          if (issue.field !== 'form' && stepOfField(issue.field, values)) {
            setError(issue.field, { type: 'schema', message: issue.message })
          }
        }
        return showFirstProblem()
      }
      setProblem(isQuotaError(error) ? 'form.storageFull' : 'form.invalid')
    }
  }

  // the summary at the top says what the step's fields say (only after a refused Next or
  // Save); focus stays on the first field to fix, as it always went
  const summary: SummaryItem[] = stepFields(current, getValues()).flatMap((field) => {
    const message = errorText(formState.errors[field]?.message)
    return message ? [{ id: fieldId(field), label: t(FIELDS[field]?.label ?? field), message }] : []
  })

  const last = current === 'review'
  /** Next, or Save on the last step: the primary button, or Enter in a field (enter-in-field.ts). */
  const go = () => void (last ? save() : next())
  return (
    <FormProvider {...form}>
      <form
        className="record-form"
        noValidate
        aria-labelledby="registration-title"
        onSubmit={(e) => {
          e.preventDefault()
          go()
        }}
        onKeyDown={(event) => takeEnterInField(event) && go()}
      >
        <h1 id="registration-title" ref={titleRef} tabIndex={-1}>
          {props.title}
        </h1>
        {/* a family member: whose household they join, from the first step */}
        <JoinsHouseholdNote joins={draft.values.joins} />
        <StepIndicator
          label={t('registration.stepsLabel')}
          steps={steps}
          current={current}
          stepLabel={(step) => t(`registration.steps.${step}`)}
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
        <section aria-labelledby="reg-step-title">
          <h2 id="reg-step-title" ref={headingRef} tabIndex={-1}>
            {t('registration.stepOf', { n: index + 1, total: steps.length, name: t(`registration.steps.${current}`) })}
          </h2>
          {current === 'consent' && <ConsentStep sites={sites} consentLocked={props.consentLocked ?? false} />}
          {current === 'identity' && (
            <IdentityStep>
              <DuplicateWarning duplicates={duplicates} sites={sites} onContinue={continueAfterDuplicates} />
            </IdentityStep>
          )}
          {current === 'household' && <HouseholdStep />}
          {current === 'journey' && <JourneyStep />}
          {current === 'vulnerabilities' && <VulnerabilitiesStep />}
          {current === 'avrr' && <AvrrStep />}
          {current === 'review' && (
            <ReviewStep sites={sites} onChange={change}>
              <DuplicateWarning duplicates={duplicates} sites={sites} />
            </ReviewStep>
          )}
        </section>
        <div className="form-actions">
          {index > 0 && (
            <button type="button" onClick={back}>
              {t('registration.back')}
            </button>
          )}
          <BusyButton className="primary" onClick={go} busy={saving || formState.isSubmitting}>
            {last ? (saving ? t('form.saving') : t('registration.save')) : t('registration.next')}
          </BusyButton>
        </div>
        <DiscardDraft
          label={props.discardLabel}
          onDiscard={async () => {
            await draft.clear()
            props.onDiscarded()
          }}
        />
      </form>
    </FormProvider>
  )
}
