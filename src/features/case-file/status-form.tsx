/**
 * Moves a case through its statuses (case-rules.ts): the choices are those the user's
 * role may make; closing asks why; "departed" says what the return still lacks; a case
 * that ended is reopened by a supervisor or an admin only, who may also correct why a
 * closed case closed, keeping it closed (one status_changed event, closed to closed,
 * rather than a reopening and a closing that never happened).
 */
import { zodResolver } from '@hookform/resolvers/zod'
import { useMemo, useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { z, ZodError } from 'zod'
import { useDb, useSession } from '@/components/app-context'
import { useCodeLabel, useCodeOptions } from '@/components/code-options'
import type { LocalRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import { isEnded, mayCorrectClosure, nextStatuses } from '@/shared/case-rules'
import { CASE_STATUSES, CLOSURE_REASONS } from '@/shared/schemas/codes'
import { anonymousRegistrationSchema, type Registration } from '@/shared/schemas/registration'
import { changeStatus, StatusChangeRefused } from './case-actions'
import { BoundRadioGroup, BoundSelectField, BoundTextField } from './bound-fields'
import { CasePanelForm } from './case-panel-form'
import { schemaOptions, summaryItems } from './form-errors'
import { useFreeTextHint } from './free-text-hint'
import { usePanelDraft } from './panel-draft'

/** The fields every registration shares (the closure's among them). */
const registrationShape = anonymousRegistrationSchema.shape

/** What an assisted return still lacks before the person may depart (translation keys). */
export function departureMissing(person: Registration): string[] {
  const avrr = person.consentProcessing ? person.avrr : undefined
  const missing: string[] = []
  if (avrr?.voluntarinessSigned !== true) missing.push('caseFile.status.missingVoluntariness')
  if (avrr?.travelDocumentStatus !== 'issued') missing.push('caseFile.status.missingTravelDocument')
  if (avrr?.fitToTravel !== true) missing.push('caseFile.status.missingFitToTravel')
  return missing
}

/**
 * Whether the closure chosen says nothing new about how the case closed: the same reason,
 * and for "other" the same words (changeStatus keeps the words of "other" alone).
 */
function sameClosure(person: Registration, reason: string, detail: string): boolean {
  if (reason !== person.closureReason) return false
  return reason !== 'other' || detail.trim() === (person.closureDetail ?? '')
}

/** `correcting`: the user may correct why the case closed, choosing "closed" again. */
function statusSchema(person: Registration, correcting: boolean) {
  return z
    .object({
      toStatus: z.enum(CASE_STATUSES),
      closureReason: z.union([z.literal(''), z.enum(CLOSURE_REASONS)]),
      closureDetail: z.string(),
    })
    .superRefine((v, ctx) => {
      if (v.toStatus === person.caseStatus && !correcting) {
        ctx.addIssue({ code: 'custom', path: ['toStatus'], message: 'caseFile.errors.sameStatus' })
      }
      if (v.toStatus === person.caseStatus && correcting && sameClosure(person, v.closureReason, v.closureDetail)) {
        ctx.addIssue({ code: 'custom', path: ['closureReason'], message: 'caseFile.errors.sameClosure' })
      }
      if (v.toStatus === 'closed' && v.closureReason === '') {
        ctx.addIssue({ code: 'custom', path: ['closureReason'], message: 'caseFile.errors.closureReason' })
      }
      // the reason "other" says what it is, in a few words (CASE_RULES.closureDetail)
      if (v.toStatus === 'closed' && v.closureReason === 'other') {
        const detail = closureDetailSchema.safeParse(v.closureDetail)
        if (!detail.success) {
          const long = detail.error.issues.some((issue) => issue.code === 'too_big')
          const message = long ? 'form.tooLong' : 'caseFile.errors.closureDetail'
          ctx.addIssue({ code: 'custom', path: ['closureDetail'], message })
        }
      }
      if (v.toStatus === 'departed' && departureMissing(person).length > 0) {
        ctx.addIssue({ code: 'custom', path: ['toStatus'], message: 'caseFile.errors.departureNotReady' })
      }
    })
}

const closureDetailSchema = registrationShape.closureDetail.unwrap()

type Input = z.input<ReturnType<typeof statusSchema>>
type Output = z.output<ReturnType<typeof statusSchema>>

const id = (name: keyof Input) => `status-${name}`

export function StatusForm({
  record,
  onSaved,
  onCancel,
}: {
  record: LocalRecord<'registration'>
  onSaved(): void
  onCancel(): void
}) {
  const { t } = useTranslation()
  const db = useDb()
  const { user } = useSession()
  const codeLabel = useCodeLabel()
  const reasons = useCodeOptions('closureReason')
  const [problem, setProblem] = useState<string | null>(null)
  const person = record.data
  const current = person.caseStatus
  const correcting = mayCorrectClosure(current, user.role)
  const schema = useMemo(() => statusSchema(person, correcting), [person, correcting])
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(schema, schemaOptions),
    // a correction starts from how the case closed (only a closed case has a reason)
    defaultValues: {
      toStatus: '' as Input['toStatus'],
      closureReason: person.closureReason ?? '',
      closureDetail: person.closureDetail ?? '',
    },
  })
  const { control, handleSubmit, formState, setError } = form
  const { errors, submitCount, isSubmitting } = formState
  const draft = usePanelDraft('status', record.id, form)
  const toStatus = useWatch({ control, name: 'toStatus' })
  const closureReason = useWatch({ control, name: 'closureReason' })
  const textHint = useFreeTextHint(record)
  const choices = nextStatuses(current, user.role).filter((s) => s !== current)
  const options = [
    ...choices.map((s) => ({ value: s, label: codeLabel('caseStatus', s) })),
    ...(correcting ? [{ value: current, label: t('caseFile.status.correctClosure') }] : []),
  ]
  const ended = isEnded(current)
  const correction = correcting && toStatus === current
  const reopening =
    ended && toStatus !== undefined && (CASE_STATUSES as readonly string[]).includes(toStatus) && !isEnded(toStatus)
  const missing = toStatus === 'departed' ? departureMissing(person) : []
  let saveKey = 'caseFile.status.save'
  if (reopening) saveKey = 'caseFile.status.reopen'
  if (correction) saveKey = 'caseFile.status.saveCorrection'

  const submit = handleSubmit(async ({ toStatus: to, closureReason: reason, closureDetail }) => {
    setProblem(null)
    const closure = reason ? { reason, detail: closureDetail.trim() || undefined } : undefined
    try {
      await changeStatus(db, record, to, closure, { userId: user.id, role: user.role })
      draft.forget()
      onSaved()
    } catch (error) {
      if (error instanceof StatusChangeRefused) {
        setError('toStatus', { message: 'caseFile.errors.reopenNeedsSupervisor' })
      } else if (error instanceof ZodError && error.issues.some((i) => i.path[0] === 'caseStatus')) {
        setError('toStatus', { message: 'caseFile.errors.departureNotReady' })
      } else {
        setProblem(isQuotaError(error) ? 'form.storageFull' : 'form.invalid')
      }
    }
  })

  const summary = summaryItems(t, errors, [
    { name: 'toStatus', id: id('toStatus'), label: t('caseFile.status.newStatus') },
    { name: 'closureReason', id: id('closureReason'), label: t('caseFile.status.closureReason') },
    { name: 'closureDetail', id: id('closureDetail'), label: t('caseFile.status.closureDetail') },
  ])

  return (
    <CasePanelForm
      titleId="status-title"
      title={t('caseFile.changeStatus')}
      intro={
        <>
          <p>{t('caseFile.status.current', { status: codeLabel('caseStatus', current) })}</p>
          {ended && !(user.role === 'supervisor' || user.role === 'admin') && (
            <p className="notice">{t('caseFile.status.reopenBySupervisor')}</p>
          )}
        </>
      }
      summary={summary}
      attempt={submitCount}
      problem={problem}
      saving={isSubmitting}
      saveLabel={t(saveKey)}
      canSave={options.length > 0}
      onSubmit={submit}
      onCancel={() => {
        draft.forget()
        onCancel()
      }}
    >
      {options.length === 0 ? (
        <p>{t('caseFile.status.noChoice')}</p>
      ) : (
        <>
          <BoundRadioGroup
            control={control}
            name="toStatus"
            id={id('toStatus')}
            label={t('caseFile.status.newStatus')}
            options={options}
            required
          />
          {missing.length > 0 && (
            <div className="notice departure-missing" role="note">
              <p>{t('caseFile.status.departureNeeds')}</p>
              <ul>
                {missing.map((key) => (
                  <li key={key}>{t(key)}</li>
                ))}
              </ul>
              {person.consentProcessing && (
                <Link to={`/cases/${record.id}/edit?step=avrr`}>{t('caseFile.status.editAvrr')}</Link>
              )}
            </div>
          )}
          {toStatus === 'closed' && (
            <BoundSelectField
              control={control}
              name="closureReason"
              id={id('closureReason')}
              label={t('caseFile.status.closureReason')}
              options={reasons}
              required
            />
          )}
          {toStatus === 'closed' && closureReason === 'other' && (
            <BoundTextField
              control={control}
              name="closureDetail"
              id={id('closureDetail')}
              label={t('caseFile.status.closureDetail')}
              hint={textHint}
              required
            />
          )}
        </>
      )}
    </CasePanelForm>
  )
}
