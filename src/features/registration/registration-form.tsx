/**
 * Registers a person at a transit centre. Consent to processing shapes the form: with
 * it, the case file; without it, only the anonymous fields, and no name is kept.
 * The values live in a draft (never lose typing, and an app update can reload safely).
 */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ZodError } from 'zod'
import { useDb, useSession } from '@/components/app-context'
import { useCodeOptions } from '@/components/code-options'
import { CountrySelect } from '@/components/country-select'
import { siteDay } from '@/components/dates'
import type { SummaryItem } from '@/components/error-summary'
import { FormStatus } from '@/components/form-status'
import { CheckboxGroup, RadioGroup, SelectField, TextField } from '@/components/form-fields'
import { useDraft } from '@/components/use-draft'
import { useMySites } from '@/components/use-records'
import { saveRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import { newId } from '@/shared/ids'
import {
  emptyRegistration,
  issuesToErrors,
  REGISTRATION_DRAFT_KEY,
  validateRegistration,
  visibleFields,
  type RegistrationErrors,
  type RegistrationField,
  type RegistrationValues,
} from './registration-values'

const PREVIEW_ID = '00000000-0000-7000-8000-000000000000' // validation before save needs some id

const LABEL_KEYS: Record<RegistrationField, string> = {
  siteCode: 'registration.site',
  registeredOn: 'registration.registeredOn',
  entryChannel: 'registration.entryChannel',
  consentProcessing: 'registration.consentProcessing',
  consentSharing: 'registration.consentSharing',
  consentDate: 'registration.consentDate',
  givenName: 'registration.givenName',
  familyName: 'registration.familyName',
  sex: 'registration.sex',
  ageGroup: 'registration.ageGroup',
  birthMode: 'registration.birth',
  dateOfBirth: 'registration.dateOfBirth',
  estimatedAge: 'registration.estimatedAge',
  nationality: 'registration.nationality',
  phone: 'registration.phone',
  documentType: 'registration.documentType',
  documentNumber: 'registration.documentNumber',
  vulnerabilities: 'registration.vulnerabilities',
}

const fieldId = (field: RegistrationField) => `reg-${field}`

export function RegistrationForm() {
  const { t } = useTranslation()
  const db = useDb()
  const { user } = useSession()
  const navigate = useNavigate()
  const sites = useMySites('transit_centre')
  const draft = useDraft<RegistrationValues>(REGISTRATION_DRAFT_KEY, () => emptyRegistration(siteDay()))
  const { values, setValues, loaded } = draft
  const [attempt, setAttempt] = useState(0)
  const [saveErrors, setSaveErrors] = useState<RegistrationErrors | null>(null)
  const [saving, setSaving] = useState(false)

  const entryChannels = useCodeOptions('entryChannel')
  const sexes = useCodeOptions('sex')
  const ageGroups = useCodeOptions('ageGroup')
  const documentTypes = useCodeOptions('documentType')
  const vulnerabilities = useCodeOptions('vulnerability')
  const yesNo = [
    { value: 'yes', label: t('form.yes') },
    { value: 'no', label: t('form.no') },
  ]

  // the transit centre is preselected when the user works at only one
  const onlySite = sites?.length === 1 ? sites[0]?.code : undefined
  const current: RegistrationValues = { ...values, siteCode: values.siteCode || onlySite || '' }

  // after a refused submit, errors follow the typing (a fixed field loses its message)
  const errors: RegistrationErrors = attempt === 0 ? {} : liveErrors(current, user.id, saveErrors)

  const set =
    <K extends RegistrationField>(field: K) =>
    (value: RegistrationValues[K]) =>
      setValues((v) => ({ ...v, [field]: value }))

  // a full phone (on save, or saving the draft) is said as such: nothing typed is lost
  const formProblem = errors.form ?? (draft.storageFull ? 'form.storageFull' : undefined)
  const err = (field: RegistrationField) => (errors[field] ? t(errors[field]) : undefined)

  const summary: SummaryItem[] = visibleFields(values)
    .filter((f) => errors[f])
    .map((f) => ({ id: fieldId(f), label: t(LABEL_KEYS[f]), message: t(errors[f] as string) }))

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setSaveErrors(null)
    const result = validateRegistration(current, { id: newId(), now: new Date(), userId: user.id })
    if (!result.ok) {
      setAttempt((a) => a + 1)
      return
    }
    setSaving(true)
    try {
      await saveRecord(db, 'registration', result.data)
    } catch (error) {
      setSaving(false)
      setSaveErrors(
        error instanceof ZodError
          ? issuesToErrors(error.issues, current)
          : { form: isQuotaError(error) ? 'form.storageFull' : 'form.invalid' },
      )
      setAttempt((a) => a + 1)
      return
    }
    await draft.clear()
    void navigate('/cases', { state: { saved: 'registration' } })
  }

  if (!loaded || !sites) return <p role="status">{t('app.loading')}</p>

  const consent = values.consentProcessing
  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="registration-title">
      <h1 id="registration-title">{t('registration.title')}</h1>
      <FormStatus draftRestored={draft.restored} summary={summary} attempt={attempt} problem={formProblem} />

      <section aria-labelledby="reg-section-registration">
        <h2 id="reg-section-registration">{t('registration.sectionRegistration')}</h2>
        {sites.length === 0 && <p className="notice">{t('registration.noSite')}</p>}
        <SelectField
          id={fieldId('siteCode')}
          label={t('registration.site')}
          value={current.siteCode}
          onChange={set('siteCode')}
          options={sites.map((s) => ({ value: s.code, label: s.name }))}
          error={err('siteCode')}
          required
        />
        <TextField
          id={fieldId('registeredOn')}
          label={t('registration.registeredOn')}
          type="date"
          value={values.registeredOn}
          onChange={set('registeredOn')}
          error={err('registeredOn')}
          required
        />
        <SelectField
          id={fieldId('entryChannel')}
          label={t('registration.entryChannel')}
          value={values.entryChannel}
          onChange={set('entryChannel')}
          options={entryChannels}
          error={err('entryChannel')}
          required
        />
      </section>

      <section aria-labelledby="reg-section-consent">
        <h2 id="reg-section-consent">{t('registration.sectionConsent')}</h2>
        <RadioGroup
          id={fieldId('consentProcessing')}
          label={t('registration.consentProcessing')}
          value={consent}
          onChange={(value) => set('consentProcessing')(value as RegistrationValues['consentProcessing'])}
          options={yesNo}
          error={err('consentProcessing')}
          required
          inline
        />
        {consent === 'no' && (
          <p className="notice anonymous-note" role="note">
            <span aria-hidden="true">ⓘ </span>
            {t('registration.anonymousNote')}
          </p>
        )}
        {consent === 'yes' && (
          <RadioGroup
            id={fieldId('consentSharing')}
            label={t('registration.consentSharing')}
            value={values.consentSharing}
            onChange={(value) => set('consentSharing')(value as RegistrationValues['consentSharing'])}
            options={yesNo}
            error={err('consentSharing')}
            required
            inline
          />
        )}
        <TextField
          id={fieldId('consentDate')}
          label={t('registration.consentDate')}
          type="date"
          value={values.consentDate}
          onChange={set('consentDate')}
          error={err('consentDate')}
          required
        />
      </section>

      <section aria-labelledby="reg-section-person">
        <h2 id="reg-section-person">{t('registration.sectionPerson')}</h2>
        {consent === 'yes' && (
          <>
            <TextField
              id={fieldId('givenName')}
              label={t('registration.givenName')}
              value={values.givenName}
              onChange={set('givenName')}
              error={err('givenName')}
              autoComplete="off"
              required
            />
            <TextField
              id={fieldId('familyName')}
              label={t('registration.familyName')}
              value={values.familyName}
              onChange={set('familyName')}
              error={err('familyName')}
              autoComplete="off"
              required
            />
          </>
        )}
        <RadioGroup
          id={fieldId('sex')}
          label={t('registration.sex')}
          value={values.sex}
          onChange={set('sex')}
          options={sexes}
          error={err('sex')}
          required
          inline
        />
        {consent === 'no' && (
          <SelectField
            id={fieldId('ageGroup')}
            label={t('registration.ageGroup')}
            value={values.ageGroup}
            onChange={set('ageGroup')}
            options={ageGroups}
            error={err('ageGroup')}
            required
          />
        )}
        {consent === 'yes' && (
          <>
            <RadioGroup
              id={fieldId('birthMode')}
              label={t('registration.birth')}
              value={values.birthMode}
              onChange={(value) => set('birthMode')(value === 'age' ? 'age' : 'date')}
              options={[
                { value: 'date', label: t('registration.birthKnown') },
                { value: 'age', label: t('registration.birthEstimated') },
              ]}
              inline
            />
            {values.birthMode === 'date' ? (
              <TextField
                id={fieldId('dateOfBirth')}
                label={t('registration.dateOfBirth')}
                type="date"
                value={values.dateOfBirth}
                onChange={set('dateOfBirth')}
                error={err('dateOfBirth')}
                max={values.registeredOn || undefined}
                required
              />
            ) : (
              <TextField
                id={fieldId('estimatedAge')}
                label={t('registration.estimatedAge')}
                type="number"
                inputMode="numeric"
                min={0}
                max={120}
                value={values.estimatedAge}
                onChange={set('estimatedAge')}
                error={err('estimatedAge')}
                hint={t('registration.estimatedNote')}
                required
              />
            )}
          </>
        )}
        <CountrySelect
          id={fieldId('nationality')}
          label={t('registration.nationality')}
          value={values.nationality}
          onChange={set('nationality')}
          error={err('nationality')}
          required
        />
        {consent === 'yes' && (
          <>
            <TextField
              id={fieldId('phone')}
              label={t('registration.phone')}
              type="tel"
              inputMode="tel"
              value={values.phone}
              onChange={set('phone')}
              error={err('phone')}
              autoComplete="off"
            />
            <SelectField
              id={fieldId('documentType')}
              label={t('registration.documentType')}
              value={values.documentType}
              onChange={set('documentType')}
              options={documentTypes}
              error={err('documentType')}
            />
            {values.documentType !== '' && values.documentType !== 'none' && (
              <TextField
                id={fieldId('documentNumber')}
                label={t('registration.documentNumber')}
                value={values.documentNumber}
                onChange={set('documentNumber')}
                error={err('documentNumber')}
                autoComplete="off"
              />
            )}
          </>
        )}
      </section>

      <CheckboxGroup
        id={fieldId('vulnerabilities')}
        label={t('registration.vulnerabilities')}
        values={values.vulnerabilities}
        onChange={set('vulnerabilities')}
        options={vulnerabilities}
        error={err('vulnerabilities')}
      />

      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('form.saving') : t('registration.save')}
        </button>
      </div>
    </form>
  )
}

function liveErrors(
  values: RegistrationValues,
  userId: string,
  saveErrors: RegistrationErrors | null,
): RegistrationErrors {
  const result = validateRegistration(values, { id: PREVIEW_ID, now: new Date(), userId })
  return result.ok ? (saveErrors ?? {}) : result.errors
}
