/**
 * The shared form controls bound to the registration form (react-hook-form): value,
 * change, and the field's inline error in the user's words. A field that shows an error
 * is checked again as it changes, so a fixed answer loses its message at once.
 */
import { useTranslation } from 'react-i18next'
import { useController, useFormContext } from 'react-hook-form'
import { useCodeOptions } from '@/components/code-options'
import { CountrySelect, useCountryName } from '@/components/country-select'
import { sayMessage } from '@/components/field-message'
import { CheckboxGroup, RadioGroup, SelectField, TextField, type Option } from '@/components/form-fields'
import { rejectionReasons } from '@/components/rejection-reasons'
import type { CodeList } from '@/i18n/code-labels'
import { FIELDS, fieldId } from './field-labels'
import type { RegistrationField, RegistrationValues } from './registration-values'

type TextName = {
  [K in RegistrationField]: RegistrationValues[K] extends string ? K : never
}[RegistrationField]
type ListName = {
  [K in RegistrationField]: RegistrationValues[K] extends string[] ? K : never
}[RegistrationField]

/** A field's message: a translation key, or `rule:<code>` said as rejection-reasons.ts says it. */
export function useErrorText(): (message: string | undefined) => string | undefined {
  const { t } = useTranslation()
  return (message) => {
    if (!message) return undefined
    if (message.startsWith('rule:')) return rejectionReasons(t, [{ path: [], code: message.slice(5) }])[0]
    return sayMessage(t, message)
  }
}

function useBound<K extends RegistrationField>(name: K, label?: string) {
  const { t } = useTranslation()
  const { control, trigger } = useFormContext<RegistrationValues>()
  const { field, fieldState } = useController({ control, name })
  const errorText = useErrorText()
  return {
    id: fieldId(name),
    label: label ?? t(FIELDS[name]?.label ?? name),
    value: field.value as RegistrationValues[K],
    onChange: (value: RegistrationValues[K]) => {
      field.onChange(value)
      if (fieldState.error) void trigger(name)
    },
    error: errorText(fieldState.error?.message),
  }
}

interface TextProps {
  name: TextName
  type?: 'text' | 'date' | 'tel' | 'number'
  inputMode?: 'numeric' | 'tel' | 'text'
  hint?: string
  required?: boolean
  min?: number | string
  max?: number | string
}

export function BoundText({ name, type = 'text', ...rest }: TextProps) {
  const bound = useBound(name)
  return <TextField {...bound} type={type} autoComplete="off" {...rest} />
}

export function BoundSelect({ name, options, required }: { name: TextName; options: Option[]; required?: boolean }) {
  return <SelectField {...useBound(name)} options={options} required={required} />
}

export function BoundCodeSelect({ name, list, required }: { name: TextName; list: CodeList; required?: boolean }) {
  return <BoundSelect name={name} options={useCodeOptions(list)} required={required} />
}

export function BoundRadio({
  name,
  label,
  options,
  required,
  inline,
  hint,
}: {
  name: TextName
  /** else the field's own label */
  label?: string
  options: Option[]
  required?: boolean
  inline?: boolean
  hint?: string
}) {
  const bound = useBound(name, label)
  return (
    <RadioGroup
      {...bound}
      onChange={(value) => bound.onChange(value as never)}
      options={options}
      required={required}
      inline={inline}
      hint={hint}
    />
  )
}

export function BoundYesNo({ name, required }: { name: TextName; required?: boolean }) {
  const { t } = useTranslation()
  const options = [
    { value: 'yes', label: t('form.yes') },
    { value: 'no', label: t('form.no') },
  ]
  return <BoundRadio name={name} options={options} required={required} inline />
}

export function BoundCodeChecks({ name, list }: { name: ListName; list: CodeList }) {
  const { value, ...bound } = useBound(name)
  return <CheckboxGroup {...bound} values={value} options={useCodeOptions(list)} />
}

export function BoundCountry({ name, required }: { name: TextName; required?: boolean }) {
  return <CountrySelect {...useBound(name)} required={required} />
}

/** A list of countries: chosen one at a time, each removable. */
export function BoundCountryList({ name }: { name: ListName }) {
  const { t } = useTranslation()
  const countryName = useCountryName()
  const { id, label, value, onChange, error } = useBound(name)
  return (
    <fieldset className={`field choice-group${error ? ' has-error' : ''}`}>
      <legend>{label}</legend>
      {value.length > 0 && (
        <ul className="chosen-list">
          {value.map((code) => (
            <li key={code}>
              {countryName(code)}{' '}
              <button
                type="button"
                className="link-button"
                aria-label={t('registration.removeItem', { item: countryName(code) })}
                onClick={() => onChange(value.filter((c) => c !== code))}
              >
                {t('registration.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <CountrySelect
        id={id}
        label={t('registration.addCountry')}
        value=""
        onChange={(code) => code && !value.includes(code) && onChange([...value, code])}
        error={error}
      />
    </fieldset>
  )
}
