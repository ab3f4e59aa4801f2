/** A referral's outcome: accepted, completed or declined, on a date, with notes. */
import { zodResolver } from '@hookform/resolvers/zod'
import { useMemo } from 'react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { useDb, useSession } from '@/components/app-context'
import { useCodeLabel } from '@/components/code-options'
import { siteDay } from '@/components/dates'
import type { LocalRecord } from '@/data/records'
import { referralSchema } from '@/shared/schemas/referral'
import { updateReferral } from './case-actions'
import { schemaOptions, summaryItems } from './form-errors'
import { useCaseSave } from './use-case-save'
import { BoundRadioGroup, BoundTextAreaField, BoundTextField } from './bound-fields'
import { CasePanelForm } from './case-panel-form'
import { useFreeTextHint } from './free-text-hint'
import { useOutcomeDraft } from './panel-draft'

const shape = referralSchema.shape
const NEXT = ['accepted', 'completed', 'declined'] as const

function updateSchema(sentOn: string) {
  return z
    .object({
      status: z.enum(NEXT),
      statusOn: shape.statusOn,
      outcomeNotes: z
        .string()
        .transform((s) => (s.trim() === '' ? undefined : s))
        .pipe(shape.outcomeNotes),
    })
    .superRefine((v, ctx) => {
      if (v.statusOn < sentOn) {
        ctx.addIssue({ code: 'custom', path: ['statusOn'], message: 'caseFile.errors.statusBeforeSent' })
      }
    })
}

type Input = z.input<ReturnType<typeof updateSchema>>
type Output = z.output<ReturnType<typeof updateSchema>>

interface Props {
  record: LocalRecord<'registration'>
  referral: LocalRecord<'referral'>
  onSaved(): void
  onCancel(): void
}

export function ReferralUpdateForm({ record, referral, onSaved, onCancel }: Props) {
  const { t } = useTranslation()
  const textHint = useFreeTextHint(record)
  const db = useDb()
  const { user } = useSession()
  const codeLabel = useCodeLabel()
  const schema = useMemo(() => updateSchema(referral.data.sentOn), [referral.data.sentOn])
  const prefix = `referral-update-${referral.id}`
  const id = (name: keyof Input) => `${prefix}-${name}`
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(schema, schemaOptions),
    defaultValues: {
      status: '' as Input['status'],
      statusOn: siteDay(),
      outcomeNotes: referral.data.outcomeNotes ?? '',
    },
  })
  const { control, handleSubmit, formState } = form
  const { errors, submitCount, isSubmitting } = formState
  // the typing survives a reload, as the case's panels' does
  const draft = useOutcomeDraft(referral.id, record.id, form)

  const { problem, run } = useCaseSave(
    (values: Output) => updateReferral(db, record, referral, values, { userId: user.id, role: user.role }),
    () => {
      draft.forget()
      onSaved()
    },
  )
  const submit = handleSubmit(run)

  const summary = summaryItems(t, errors, [
    { name: 'status', id: id('status'), label: t('caseFile.referral.newStatus') },
    { name: 'statusOn', id: id('statusOn'), label: t('caseFile.referral.statusOn'), fallback: 'form.impossibleDate' },
    { name: 'outcomeNotes', id: id('outcomeNotes'), label: t('caseFile.referral.outcomeNotes') },
  ])

  return (
    <CasePanelForm
      titleId={`${prefix}-title`}
      title={t('caseFile.referral.updateTitle')}
      level={3}
      summary={summary}
      attempt={submitCount}
      problem={problem}
      saving={isSubmitting}
      saveLabel={t('caseFile.referral.saveUpdate')}
      onSubmit={submit}
      onCancel={() => {
        draft.forget()
        onCancel()
      }}
    >
      <BoundRadioGroup
        control={control}
        name="status"
        id={id('status')}
        label={t('caseFile.referral.newStatus')}
        options={NEXT.map((s) => ({ value: s, label: codeLabel('referralStatus', s) }))}
        required
      />
      <BoundTextField
        control={control}
        name="statusOn"
        id={id('statusOn')}
        label={t('caseFile.referral.statusOn')}
        type="date"
        min={referral.data.sentOn}
        max={siteDay()}
        fallback="form.impossibleDate"
        required
      />
      <BoundTextAreaField
        control={control}
        name="outcomeNotes"
        id={id('outcomeNotes')}
        label={t('caseFile.referral.outcomeNotes')}
        hint={textHint}
      />
    </CasePanelForm>
  )
}
