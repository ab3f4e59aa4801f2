/** The last step: every answer, section by section, each section with a way back to change it. */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useWatch } from 'react-hook-form'
import { useCodeLabel } from '@/components/code-options'
import { useCountryName } from '@/components/country-select'
import { formatDay } from '@/components/dates'
import type { Site } from '@/shared/schemas/site'
import { VulnerableNote } from './case-steps'
import { AnswerDoubts } from './doubts-note'
import { FIELDS, type Display } from './field-labels'
import { stepFields, stepsFor, type StepId } from './registration-steps'
import type { RegistrationValues } from './registration-values'

/** Numbers read left to right in Arabic too (else "+227 96 12 34 56" shows reversed). */
const LEFT_TO_RIGHT = new Set<string>(['phone', 'documentNumber'])

interface ReviewProps {
  sites: Site[]
  onChange(step: StepId): void
  /** the possible duplicates, if any */
  children: ReactNode
}

export function ReviewStep({ sites, onChange, children }: ReviewProps) {
  const { t, i18n } = useTranslation()
  const values = useWatch<RegistrationValues>() as RegistrationValues
  const codeLabel = useCodeLabel()
  const countryName = useCountryName()
  const lang = i18n.resolvedLanguage ?? 'fr'

  const show = (display: Display, raw: string | string[]): string => {
    if (Array.isArray(raw)) {
      const separator = t('app.listSeparator')
      if (display === 'countries') return raw.map(countryName).join(separator)
      if (typeof display === 'object') return raw.map((code) => codeLabel(display.code, code)).join(separator)
      return raw.join(separator)
    }
    if (display === 'date') return formatDay(raw, lang)
    if (display === 'yesNo') return raw === 'yes' ? t('form.yes') : t('form.no')
    if (display === 'country') return countryName(raw)
    if (typeof display === 'object') return codeLabel(display.code, raw)
    return raw
  }

  // a label's "(optional)" helps while answering; on the review it is noise
  const optional = ` (${t('form.optional')})`
  const label = (key: string) => {
    const text = t(key)
    return text.endsWith(optional) ? text.slice(0, -optional.length) : text
  }

  const steps = stepsFor(values).filter((s) => s !== 'review')
  return (
    <>
      {children}
      <AnswerDoubts />
      <VulnerableNote flags={values.vulnerabilities} />
      {steps.map((step) => {
        const rows = stepFields(step, values).flatMap((field) => {
          const meta = FIELDS[field]
          const raw = values[field]
          // nothing ticked is an answer: "None", as the case page says
          if (meta && field === 'vulnerabilities' && Array.isArray(raw) && raw.length === 0) {
            return [{ field, label: label(meta.label), text: t('caseFile.fields.none') }]
          }
          if (!meta || raw === '' || (Array.isArray(raw) && raw.length === 0)) return []
          const text =
            field === 'siteCode' ? (sites.find((s) => s.code === raw)?.name ?? String(raw)) : show(meta.display, raw)
          return [{ field, label: label(meta.label), text }]
        })
        const title = t(`registration.steps.${step}`)
        return (
          <section key={step} className="review-section" aria-labelledby={`review-${step}`}>
            <div className="list-head">
              <h3 id={`review-${step}`}>{title}</h3>
              <button
                type="button"
                className="link-button"
                aria-label={t('registration.changeSection', { section: title })}
                onClick={() => onChange(step)}
              >
                {t('registration.change')}
              </button>
            </div>
            {rows.length === 0 ? (
              <p className="hint">{t('registration.nothingAnswered')}</p>
            ) : (
              <dl className="review-list">
                {rows.map((row) => (
                  <div key={row.field}>
                    <dt>{row.label}</dt>
                    <dd>{LEFT_TO_RIGHT.has(row.field) ? <bdi dir="ltr">{row.text}</bdi> : row.text}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
        )
      })}
    </>
  )
}
