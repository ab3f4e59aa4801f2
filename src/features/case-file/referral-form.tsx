/**
 * Refers the person to a service: who to (a partner's name for "other partner"), why,
 * how urgent, consent to share, the date sent. A partner outside IOM needs consent to
 * share; a person who refused sharing is refused at once, before anything is saved.
 */
import { zodResolver } from '@hookform/resolvers/zod'
import { useMemo } from 'react'
import { Controller, useForm, useWatch } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { useDb, useSession } from '@/components/app-context'
import { useCodeOptions } from '@/components/code-options'
import { siteDay } from '@/components/dates'
import type { LocalRecord } from '@/data/records'
import { referralSchema } from '@/shared/schemas/referral'
import { refer } from './case-actions'
import { caseDaySchema } from './case-day'
import { errorText, schemaOptions, summaryItems } from './form-errors'
import { consentsToSharing, isOutsidePartner } from '@/shared/referral-consent'
import { useCaseSave } from './use-case-save'
import { BoundRadioGroup, BoundSelectField, BoundTextAreaField, BoundTextField } from './bound-fields'
import { CasePanelForm } from './case-panel-form'
import { useFreeTextHint } from './free-text-hint'
import { usePanelDraft } from './panel-draft'

const shape = referralSchema.shape

function referralFormSchema(personConsents: boolean, registeredOn: string) {
  return z
    .object({
      to: shape.to,
      partnerName: z.string(),
      reason: shape.reason,
      urgency: shape.urgency,
      consentToShare: shape.consentToShare,
      sentOn: caseDaySchema(shape.sentOn, registeredOn),
    })
    .superRefine((v, ctx) => {
      const outside = isOutsidePartner(v.to)
      if (outside && !personConsents) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'caseFile.errors.noSharingConsent' })
      } else if (outside && !v.consentToShare) {
        ctx.addIssue({ code: 'custom', path: ['consentToShare'], message: 'caseFile.errors.consentToShareNeeded' })
      }
      if (v.to === 'other_partner' && v.partnerName.trim() === '') {
        ctx.addIssue({ code: 'custom', path: ['partnerName'], message: 'caseFile.errors.partnerName' })
      }
    })
    .transform(({ partnerName, ...rest }) => ({
      ...rest,
      ...(rest.to === 'other_partner' ? { partnerName: partnerName.trim() } : {}),
    }))
}

type Input = z.input<ReturnType<typeof referralFormSchema>>
type Output = z.output<ReturnType<typeof referralFormSchema>>

const id = (name: keyof Input) => `referral-${name}`

export function ReferralForm({
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
  const targets = useCodeOptions('referralTarget')
  const urgencies = useCodeOptions('urgency')
  const personConsents = consentsToSharing(record.data)
  const registeredOn = record.data.registeredOn
  const schema = useMemo(() => referralFormSchema(personConsents, registeredOn), [personConsents, registeredOn])
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(schema, schemaOptions),
    defaultValues: {
      to: '' as Input['to'],
      partnerName: '',
      reason: '',
      urgency: 'routine',
      consentToShare: false,
      sentOn: siteDay(),
    },
  })
  const { control, handleSubmit, formState } = form
  const { errors, submitCount, isSubmitting } = formState
  const draft = usePanelDraft('referral', record.id, form)
  const to = useWatch({ control, name: 'to' })
  // said as soon as the partner is chosen, not only on save
  const refusedNow = isOutsidePartner(to) && !personConsents

  const { problem, run } = useCaseSave(
    (values: Output) => refer(db, record, values, { userId: user.id, role: user.role }),
    () => {
      draft.forget()
      onSaved()
    },
  )
  const submit = handleSubmit(run)

  const summary = summaryItems(t, errors, [
    { name: 'to', id: id('to'), label: t('caseFile.referral.to') },
    { name: 'partnerName', id: id('partnerName'), label: t('caseFile.referral.partnerName') },
    { name: 'reason', id: id('reason'), label: t('caseFile.referral.reason') },
    { name: 'urgency', id: id('urgency'), label: t('caseFile.referral.urgency') },
    { name: 'consentToShare', id: id('consentToShare'), label: t('caseFile.referral.consentToShare') },
    { name: 'sentOn', id: id('sentOn'), label: t('caseFile.referral.sentOn'), fallback: 'form.impossibleDate' },
  ])

  return (
    <CasePanelForm
      titleId="referral-title"
      title={t('caseFile.refer')}
      summary={summary}
      attempt={submitCount}
      problem={problem}
      saving={isSubmitting}
      saveLabel={t('caseFile.referral.save')}
      onSubmit={submit}
      onCancel={() => {
        draft.forget()
        onCancel()
      }}
    >
      {!personConsents && <p className="notice">{t('caseFile.referral.iomOnly')}</p>}
      <BoundSelectField
        control={control}
        name="to"
        id={id('to')}
        label={t('caseFile.referral.to')}
        options={targets}
        otherError={refusedNow ? t('caseFile.errors.noSharingConsent') : undefined}
        required
      />
      {to === 'other_partner' && (
        <BoundTextField
          control={control}
          name="partnerName"
          id={id('partnerName')}
          label={t('caseFile.referral.partnerName')}
          required
        />
      )}
      <BoundTextAreaField
        control={control}
        name="reason"
        id={id('reason')}
        label={t('caseFile.referral.reason')}
        hint={textHint}
        required
      />
      <BoundRadioGroup
        control={control}
        name="urgency"
        id={id('urgency')}
        label={t('caseFile.referral.urgency')}
        options={urgencies}
        required
        inline
      />
      {isOutsidePartner(to) && personConsents && (
        <Controller
          control={control}
          name="consentToShare"
          render={({ field, fieldState }) => {
            const error = errorText(t, fieldState.error)
            return (
              <div className={`field${error ? ' has-error' : ''}`}>
                <label className="choice" htmlFor={id('consentToShare')}>
                  <input
                    type="checkbox"
                    id={id('consentToShare')}
                    checked={field.value}
                    onChange={(e) => field.onChange(e.target.checked)}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id('consentToShare')}-error` : undefined}
                  />
                  <span>{t('caseFile.referral.consentToShare')}</span>
                </label>
                {error && (
                  <p className="field-error" id={`${id('consentToShare')}-error`}>
                    <span aria-hidden="true">⚠ </span>
                    {error}
                  </p>
                )}
              </div>
            )
          }}
        />
      )}
      <BoundTextField
        control={control}
        name="sentOn"
        id={id('sentOn')}
        label={t('caseFile.referral.sentOn')}
        type="date"
        min={registeredOn}
        max={siteDay()}
        fallback="form.impossibleDate"
        required
      />
    </CasePanelForm>
  )
}
