/**
 * The shared form controls bound to the survey form (react-hook-form): value, change,
 * and the field's inline error in the user's words. A field that shows an error is
 * checked again as it changes, so a fixed answer loses its message at once.
 */
import { useTranslation } from 'react-i18next'
import { useController, useFormContext } from 'react-hook-form'
import { CountrySelect } from '@/components/country-select'
import { sayMessage } from '@/components/field-message'
import { CheckboxGroup, RadioGroup, SelectField, TextField, type Option } from '@/components/form-fields'
import { rejectionReasons } from '@/components/rejection-reasons'
import type { SurveyField, SurveyValues } from './survey-values'

type TextName = { [K in SurveyField]: SurveyValues[K] extends string ? K : never }[SurveyField]
type ListName = { [K in SurveyField]: SurveyValues[K] extends string[] ? K : never }[SurveyField]

export const fieldId = (field: string) => `survey-${field}`

/** A field's message: a translation key, or `rule:<code>` said as rejection-reasons.ts says it. */
export function useErrorText(): (message: string | undefined) => string | undefined {
  const { t } = useTranslation()
  return (message) => {
    if (!message) return undefined
    if (message.startsWith('rule:')) return rejectionReasons(t, [{ path: [], code: message.slice(5) }])[0]
    return sayMessage(t, message)
  }
}

function useBound<K extends SurveyField>(name: K, optional = false) {
  const { t } = useTranslation()
  const { control, trigger } = useFormContext<SurveyValues>()
  const { field, fieldState } = useController({ control, name })
  const errorText = useErrorText()
  const label = t(`survey.fields.${name}`)
  return {
    id: fieldId(name),
    label: optional ? `${label} (${t('form.optional')})` : label,
    value: field.value as SurveyValues[K],
    onChange: (value: SurveyValues[K]) => {
      field.onChange(value)
      if (fieldState.error) void trigger(name)
    },
    error: errorText(fieldState.error?.message),
  }
}

interface TextProps {
  name: TextName
  type?: 'text' | 'date'
  inputMode?: 'numeric'
  hint?: string
  optional?: boolean
  max?: string
}

export function SurveyText({ name, type = 'text', optional = false, ...rest }: TextProps) {
  const bound = useBound(name, optional)
  return <TextField {...bound} type={type} autoComplete="off" required={!optional} {...rest} />
}

/** A whole number typed with the phone's digit keyboard. */
export function SurveyNumber({ name, hint }: { name: TextName; hint?: string }) {
  return <SurveyText name={name} inputMode="numeric" hint={hint} />
}

export function SurveySelect({ name, options }: { name: TextName; options: Option[] }) {
  return <SelectField {...useBound(name)} options={options} required />
}

export function SurveyRadio({ name, options, hint }: { name: TextName; options: Option[]; hint?: string }) {
  const bound = useBound(name)
  return <RadioGroup {...bound} onChange={(v) => bound.onChange(v as never)} options={options} hint={hint} required />
}

export function SurveyCountry({ name, optional = false }: { name: TextName; optional?: boolean }) {
  return <CountrySelect {...useBound(name, optional)} required={!optional} />
}

/**
 * A choice of several answers; `exclusive` (e.g. "none") stands alone: choosing it
 * clears the others, choosing another clears it.
 */
export function SurveyChecks({ name, options, exclusive }: { name: ListName; options: Option[]; exclusive?: string }) {
  const { value, ...bound } = useBound(name)
  return (
    <CheckboxGroup
      {...bound}
      values={value}
      options={options}
      onChange={(next) => bound.onChange(exclusive ? exclusiveChoice(value, next, exclusive) : next)}
    />
  )
}

/** The answers after a change, with `exclusive` never beside another answer. */
export function exclusiveChoice(previous: readonly string[], next: string[], exclusive: string): string[] {
  const added = next.filter((code) => !previous.includes(code))
  if (added.includes(exclusive)) return [exclusive]
  if (added.length > 0) return next.filter((code) => code !== exclusive)
  return next
}
