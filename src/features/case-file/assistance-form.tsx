/** Records one assistance given to the person: type, quantity, provider, date, notes. */
import { zodResolver } from '@hookform/resolvers/zod'
import { useMemo } from 'react'
import { useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { useDb, useSession } from '@/components/app-context'
import { useCodeOptions } from '@/components/code-options'
import { siteDay } from '@/components/dates'
import type { LocalRecord } from '@/data/records'
import { numberMessage } from '@/components/whole-number'
import { assistanceSchema } from '@/shared/schemas/assistance'
import { readWholeNumber } from '@/shared/text/whole-number'
import { providerToStore } from './assistance-provider'
import { recordAssistance } from './case-actions'
import { caseDaySchema } from './case-day'
import { schemaOptions, summaryItems } from './form-errors'
import { useCaseSave } from './use-case-save'
import { BoundSelectField, BoundTextAreaField, BoundTextField } from './bound-fields'
import { CasePanelForm } from './case-panel-form'
import { useFreeTextHint } from './free-text-hint'
import { usePanelDraft } from './panel-draft'

const shape = assistanceSchema.shape
const optionalText = (schema: typeof shape.notes) =>
  z
    .string()
    .transform((s) => (s.trim() === '' ? undefined : s))
    .pipe(schema)

/** The quantity typed, read as every form reads a whole number; its range said by the schema's own rule. */
const quantityText = z
  .string()
  .transform((text, ctx) => {
    const read = readWholeNumber(text)
    if (read.ok) return read.value
    const range = 'caseFile.errors.quantityRange'
    ctx.addIssue({ code: 'custom', message: numberMessage(read, { negative: range, tooBig: range }) })
    return z.NEVER
  })
  .pipe(shape.quantity)

const assistanceFormSchema = z.object({
  type: shape.type,
  quantity: quantityText,
  provider: shape.provider,
  providedOn: shape.providedOn,
  notes: optionalText(shape.notes),
})

/** The form's values for a case registered on `registeredOn`: the day given is not before it. */
const formSchemaFor = (registeredOn: string) =>
  assistanceFormSchema.extend({ providedOn: caseDaySchema(shape.providedOn, registeredOn) })

type Input = z.input<typeof assistanceFormSchema>
type Output = z.output<typeof assistanceFormSchema>

const id = (name: keyof Input) => `assistance-${name}`

export function AssistanceForm({
  record,
  onSaved,
  onCancel,
}: {
  record: LocalRecord<'registration'>
  onSaved(): void
  onCancel(): void
}) {
  const { t } = useTranslation()
  const textHint = useFreeTextHint(record)
  const db = useDb()
  const { user } = useSession()
  const types = useCodeOptions('assistanceType')
  const registeredOn = record.data.registeredOn
  const schema = useMemo(() => formSchemaFor(registeredOn), [registeredOn])
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(schema, schemaOptions),
    defaultValues: {
      type: '' as Input['type'],
      quantity: '1',
      provider: t('caseFile.iom'),
      providedOn: siteDay(),
      notes: '',
    },
  })
  const { control, handleSubmit, formState } = form
  const { errors, submitCount, isSubmitting } = formState
  const draft = usePanelDraft('assistance', record.id, form)

  const { problem, run } = useCaseSave(
    (values: Output) =>
      recordAssistance(
        db,
        record,
        { ...values, provider: providerToStore(values.provider, t('caseFile.iom')) },
        { userId: user.id, role: user.role },
      ),
    () => {
      draft.forget()
      onSaved()
    },
  )
  const submit = handleSubmit(run)

  const summary = summaryItems(t, errors, [
    { name: 'type', id: id('type'), label: t('caseFile.assistance.type') },
    { name: 'quantity', id: id('quantity'), label: t('caseFile.assistance.quantity') },
    { name: 'provider', id: id('provider'), label: t('caseFile.assistance.provider') },
    {
      name: 'providedOn',
      id: id('providedOn'),
      label: t('caseFile.assistance.providedOn'),
      fallback: 'form.impossibleDate',
    },
    { name: 'notes', id: id('notes'), label: t('caseFile.notes') },
  ])

  return (
    <CasePanelForm
      titleId="assistance-title"
      title={t('caseFile.recordAssistance')}
      summary={summary}
      attempt={submitCount}
      problem={problem}
      saving={isSubmitting}
      saveLabel={t('caseFile.assistance.save')}
      onSubmit={submit}
      onCancel={() => {
        draft.forget()
        onCancel()
      }}
    >
      <BoundSelectField
        control={control}
        name="type"
        id={id('type')}
        label={t('caseFile.assistance.type')}
        options={types}
        required
      />
      <BoundTextField
        control={control}
        name="quantity"
        id={id('quantity')}
        label={t('caseFile.assistance.quantity')}
        inputMode="numeric"
        autoComplete="off"
        required
      />
      <BoundTextField
        control={control}
        name="provider"
        id={id('provider')}
        label={t('caseFile.assistance.provider')}
        hint={t('caseFile.assistance.providerHint')}
        required
      />
      <BoundTextField
        control={control}
        name="providedOn"
        id={id('providedOn')}
        label={t('caseFile.assistance.providedOn')}
        type="date"
        min={registeredOn}
        max={siteDay()}
        fallback="form.impossibleDate"
        required
      />
      <BoundTextAreaField
        control={control}
        name="notes"
        id={id('notes')}
        label={t('caseFile.notesOptional')}
        hint={textHint}
      />
    </CasePanelForm>
  )
}
