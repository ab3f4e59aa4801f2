/** Records one assistance given to the person: type, quantity, provider, date, notes. */
import { zodResolver } from '@hookform/resolvers/zod'
import { Controller, useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { useDb, useSession } from '@/components/app-context'
import { useCodeOptions } from '@/components/code-options'
import { siteDay } from '@/components/dates'
import { SelectField, TextField } from '@/components/form-fields'
import type { LocalRecord } from '@/data/records'
import { assistanceSchema } from '@/shared/schemas/assistance'
import { recordAssistance } from './case-actions'
import { errorText, schemaOptions, summaryItems } from './form-errors'
import { useCaseSave } from './use-case-save'
import { CasePanelForm } from './case-panel-form'
import { TextAreaField } from './text-area-field'

const shape = assistanceSchema.shape
const optionalText = (schema: typeof shape.notes) =>
  z
    .string()
    .transform((s) => (s.trim() === '' ? undefined : s))
    .pipe(schema)

const assistanceFormSchema = z.object({
  type: shape.type,
  quantity: z.string().trim().min(1).transform(Number).pipe(shape.quantity),
  provider: shape.provider,
  providedOn: shape.providedOn,
  notes: optionalText(shape.notes),
})

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
  const db = useDb()
  const { user } = useSession()
  const types = useCodeOptions('assistanceType')
  const { control, handleSubmit, formState } = useForm<Input, unknown, Output>({
    resolver: zodResolver(assistanceFormSchema, schemaOptions),
    defaultValues: {
      type: '' as Input['type'],
      quantity: '1',
      provider: t('caseFile.iom'),
      providedOn: siteDay(),
      notes: '',
    },
  })
  const { errors, submitCount, isSubmitting } = formState

  const { problem, run } = useCaseSave(
    (values: Output) => recordAssistance(db, record, values, { userId: user.id, role: user.role }),
    onSaved,
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
      onCancel={onCancel}
    >
      <Controller
        control={control}
        name="type"
        render={({ field, fieldState }) => (
          <SelectField
            id={id('type')}
            label={t('caseFile.assistance.type')}
            value={field.value}
            onChange={field.onChange}
            options={types}
            error={errorText(t, fieldState.error)}
            required
          />
        )}
      />
      <Controller
        control={control}
        name="quantity"
        render={({ field, fieldState }) => (
          <TextField
            id={id('quantity')}
            label={t('caseFile.assistance.quantity')}
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            value={field.value}
            onChange={field.onChange}
            error={errorText(t, fieldState.error)}
            required
          />
        )}
      />
      <Controller
        control={control}
        name="provider"
        render={({ field, fieldState }) => (
          <TextField
            id={id('provider')}
            label={t('caseFile.assistance.provider')}
            hint={t('caseFile.assistance.providerHint')}
            value={field.value}
            onChange={field.onChange}
            error={errorText(t, fieldState.error)}
            required
          />
        )}
      />
      <Controller
        control={control}
        name="providedOn"
        render={({ field, fieldState }) => (
          <TextField
            id={id('providedOn')}
            label={t('caseFile.assistance.providedOn')}
            type="date"
            max={siteDay()}
            value={field.value}
            onChange={field.onChange}
            error={errorText(t, fieldState.error, 'form.impossibleDate')}
            required
          />
        )}
      />
      <Controller
        control={control}
        name="notes"
        render={({ field, fieldState }) => (
          <TextAreaField
            id={id('notes')}
            label={t('caseFile.notesOptional')}
            value={field.value}
            onChange={field.onChange}
            error={errorText(t, fieldState.error)}
          />
        )}
      />
    </CasePanelForm>
  )
}
