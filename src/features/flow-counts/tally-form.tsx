/**
 * One Flow Monitoring Registry tally: numbers are tapped on big steppers, the running
 * total stays in view, and every broken sum rule is said in words as it happens; the
 * tally cannot be saved while one holds.
 */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useDb } from '@/components/app-context'
import { useCodeOptions } from '@/components/code-options'
import { CountrySelect } from '@/components/country-select'
import type { SummaryItem } from '@/components/error-summary'
import { FormStatus } from '@/components/form-status'
import { RadioGroup, SelectField, TextField } from '@/components/form-fields'
import { Stepper } from '@/components/stepper'
import { useMySites } from '@/components/use-records'
import { saveRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import { newId } from '@/shared/ids'
import { OF_WHICH_FIELDS, PEOPLE_FIELDS, useTally, validateTally, type TallyErrors } from './use-tally'

const FIELD_ORDER = [
  'siteCode',
  'observedAt',
  'direction',
  'transport',
  'departureCountry',
  'departureTown',
  'destinationCountry',
  'destinationTown',
  'flowType',
  ...PEOPLE_FIELDS,
  ...OF_WHICH_FIELDS,
] as const

const LABEL_KEYS: Record<string, string> = {
  siteCode: 'tally.fmp',
  ...Object.fromEntries(FIELD_ORDER.filter((f) => f !== 'siteCode').map((f) => [f, `tally.${f}`])),
}

const fieldId = (field: string) => `tally-${field}`

export function TallyForm() {
  const { t } = useTranslation()
  const db = useDb()
  const navigate = useNavigate()
  const sites = useMySites('fmp')
  const tally = useTally()
  const { values, derived, setField, setCount, loaded } = tally
  const [attempt, setAttempt] = useState(0)
  const [saveError, setSaveError] = useState<'storageFull' | 'failed' | null>(null)
  const [saving, setSaving] = useState(false)
  const directions = useCodeOptions('direction')
  const transports = useCodeOptions('transport')
  const flowTypes = useCodeOptions('flowType')

  const onlySite = sites?.length === 1 ? sites[0]?.code : undefined
  const siteCode = values.siteCode || onlySite || ''

  // after a refused save, the messages follow the tapping
  const errors: TallyErrors =
    attempt > 0
      ? (() => {
          const result = validateTally({ ...values, siteCode }, { id: newId(), now: new Date() })
          return result.ok ? {} : result.errors
        })()
      : {}
  const liveRuleFor = (field: string) => derived.rules.find((r) => r.field === field)?.key
  const err = (field: string) => {
    const key = errors[field] ?? liveRuleFor(field)
    return key ? t(key) : undefined
  }
  // a full phone (on save, or saving the draft) is said as such: nothing typed is lost
  const storageFull = saveError === 'storageFull' || (saveError === null && tally.storageFull)
  const formProblem = storageFull ? 'form.storageFull' : saveError || errors.form ? 'form.invalid' : null
  const rules = derived.rules.filter((r) => r.key !== 'tally.rules.atLeastOne' || attempt > 0)

  const summary: SummaryItem[] = [
    ...FIELD_ORDER.filter((f) => errors[f] && !(PEOPLE_FIELDS as readonly string[]).includes(f)).map((f) => ({
      id: fieldId(f),
      label: t(LABEL_KEYS[f] ?? f),
      message: t(errors[f] as string),
    })),
    ...values.nationalities.flatMap((_, i) =>
      errors[`nationality-${i}`]
        ? [
            {
              id: fieldId(`nationality-${i}`),
              label: t('tally.nationalityN', { n: i + 1 }),
              message: t('form.required'),
            },
          ]
        : [],
    ),
    ...(errors.total ? [{ id: fieldId('men'), label: t('tally.people'), message: t(errors.total) }] : []),
    ...(errors.nationalities
      ? [{ id: 'tally-add-nationality', label: t('tally.nationalities'), message: t(errors.nationalities) }]
      : []),
  ]

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setSaveError(null)
    const result = validateTally({ ...values, siteCode }, { id: newId(), now: new Date() })
    if (!result.ok) {
      setAttempt((a) => a + 1)
      return
    }
    setSaving(true)
    try {
      await saveRecord(db, 'flowCount', result.data)
    } catch (error) {
      // the schema was checked just above: this is storage failing (full, blocked)
      setSaving(false)
      setSaveError(isQuotaError(error) ? 'storageFull' : 'failed')
      setAttempt((a) => a + 1)
      return
    }
    await tally.clear()
    void navigate('/today', { state: { saved: 'flowCount' } })
  }

  if (!loaded || !sites) return <p role="status">{t('app.loading')}</p>

  return (
    <form className="record-form tally" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="tally-title">
      <h1 id="tally-title">{t('tally.title')}</h1>
      <FormStatus draftRestored={tally.restored} summary={summary} attempt={attempt} problem={formProblem} />

      <section aria-labelledby="tally-where">
        <h2 id="tally-where" className="visually-hidden">
          {t('tally.fmp')}
        </h2>
        {sites.length === 0 && <p className="notice">{t('tally.noSite')}</p>}
        <SelectField
          id={fieldId('siteCode')}
          label={t('tally.fmp')}
          value={siteCode}
          onChange={(v) => setField('siteCode', v)}
          options={sites.map((s) => ({ value: s.code, label: s.name }))}
          error={err('siteCode')}
          required
        />
        <TextField
          id={fieldId('observedAt')}
          label={t('tally.observedAt')}
          type="datetime-local"
          value={values.observedAt}
          onChange={(v) => setField('observedAt', v)}
          error={err('observedAt')}
          required
        />
        <RadioGroup
          id={fieldId('direction')}
          label={t('tally.direction')}
          value={values.direction}
          onChange={(v) => setField('direction', v)}
          options={directions}
          error={err('direction')}
          required
          inline
        />
        <SelectField
          id={fieldId('transport')}
          label={t('tally.transport')}
          value={values.transport}
          onChange={(v) => setField('transport', v)}
          options={transports}
          error={err('transport')}
          required
        />
        <CountrySelect
          id={fieldId('departureCountry')}
          label={t('tally.departureCountry')}
          value={values.departureCountry}
          onChange={(v) => setField('departureCountry', v)}
          error={err('departureCountry')}
          required
        />
        <TextField
          id={fieldId('departureTown')}
          label={t('tally.departureTown')}
          value={values.departureTown}
          onChange={(v) => setField('departureTown', v)}
          error={err('departureTown')}
        />
        <CountrySelect
          id={fieldId('destinationCountry')}
          label={t('tally.destinationCountry')}
          value={values.destinationCountry}
          onChange={(v) => setField('destinationCountry', v)}
          error={err('destinationCountry')}
          required
        />
        <TextField
          id={fieldId('destinationTown')}
          label={t('tally.destinationTown')}
          value={values.destinationTown}
          onChange={(v) => setField('destinationTown', v)}
          error={err('destinationTown')}
        />
        <SelectField
          id={fieldId('flowType')}
          label={t('tally.flowType')}
          value={values.flowType}
          onChange={(v) => setField('flowType', v)}
          options={flowTypes}
          error={err('flowType')}
          required
        />
      </section>

      <fieldset className="steppers">
        <legend>{t('tally.people')}</legend>
        {PEOPLE_FIELDS.map((f) => (
          <Stepper
            key={f}
            id={fieldId(f)}
            label={t(`tally.${f}`)}
            value={values.counts[f]}
            onChange={(n) => setCount(f, n)}
          />
        ))}
      </fieldset>

      <fieldset className="steppers">
        <legend>{t('tally.ofWhich')}</legend>
        {OF_WHICH_FIELDS.map((f) => (
          <Stepper
            key={f}
            id={fieldId(f)}
            label={t(`tally.${f}`)}
            value={values.counts[f]}
            onChange={(n) => setCount(f, n)}
            error={err(f)}
          />
        ))}
      </fieldset>

      <fieldset className="nationalities">
        <legend>{t('tally.nationalities')}</legend>
        {values.nationalities.map((row, i) => (
          <div key={row.key} className="nationality-row">
            <CountrySelect
              id={fieldId(`nationality-${i}`)}
              label={t('tally.nationalityN', { n: i + 1 })}
              value={row.country}
              onChange={(country) => tally.updateNationality(row.key, { country })}
              error={errors[`nationality-${i}`] ? t('form.required') : undefined}
            />
            <Stepper
              id={fieldId(`nationality-count-${i}`)}
              label={t('tally.countN', { n: i + 1 })}
              value={row.count}
              onChange={(count) => tally.updateNationality(row.key, { count })}
            />
            <button type="button" className="remove" onClick={() => tally.removeNationality(row.key)}>
              <span aria-hidden="true">✕ </span>
              {t('tally.removeNationality', { n: i + 1 })}
            </button>
          </div>
        ))}
        <p className="unknown-remainder" aria-live="polite">
          {t('tally.unknownRemainder', { count: derived.unknownRemainder })}
        </p>
        <button type="button" id="tally-add-nationality" onClick={tally.addNationality}>
          <span aria-hidden="true">+ </span>
          {t('tally.addNationality')}
        </button>
      </fieldset>

      <div className="tally-rules" aria-live="polite">
        {rules.length > 0 && (
          <div className="rules-box">
            <h2>
              <span aria-hidden="true">⚠ </span>
              {t('tally.rulesTitle')}
            </h2>
            <ul>
              {rules.map((r) => (
                <li key={r.key}>{t(r.key)}</li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <div className="tally-footer">
        <output className="running-total" aria-live="polite" htmlFor={PEOPLE_FIELDS.map(fieldId).join(' ')}>
          {t('tally.total', { count: derived.total })}
        </output>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('form.saving') : t('tally.save')}
        </button>
      </div>
    </form>
  )
}
