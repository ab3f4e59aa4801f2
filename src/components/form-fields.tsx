/**
 * Native form controls with their label, inline error and hint wired for assistive
 * technology: `aria-invalid`, `aria-describedby`, fieldset/legend for groups.
 */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export type FieldErrors = Partial<Record<string, string>>

interface BaseProps {
  id: string
  label: string
  error?: string | undefined
  hint?: string | undefined
}

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}

function Messages({ id, error, hint }: { id: string; error?: string | undefined; hint?: string | undefined }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </>
  )
}

interface TextFieldProps extends BaseProps {
  value: string
  onChange(value: string): void
  type?: 'text' | 'date' | 'datetime-local' | 'tel' | 'number' | 'password'
  autoComplete?: string
  inputMode?: 'numeric' | 'tel' | 'text'
  min?: string | number
  max?: string | number
  required?: boolean
}

export function TextField({
  id,
  label,
  error,
  hint,
  value,
  onChange,
  type = 'text',
  required,
  ...rest
}: TextFieldProps) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        aria-required={required || undefined}
        {...rest}
      />
      <Messages id={id} error={error} hint={hint} />
    </div>
  )
}

export interface Option {
  value: string
  label: string
}

interface SelectFieldProps extends BaseProps {
  value: string
  onChange(value: string): void
  options: readonly Option[]
  /** Groups drawn after the plain options (e.g. frequent countries, then all). */
  groups?: readonly { label: string; options: readonly Option[] }[]
  required?: boolean
  children?: ReactNode
}

export function SelectField({
  id,
  label,
  error,
  hint,
  value,
  onChange,
  options,
  groups,
  required,
  children,
}: SelectFieldProps) {
  const { t } = useTranslation()
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      <select
        id={id}
        name={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        aria-required={required || undefined}
      >
        <option value="">{t('form.choose')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <Messages id={id} error={error} hint={hint} />
    </div>
  )
}

interface RadioGroupProps extends BaseProps {
  value: string
  onChange(value: string): void
  options: readonly Option[]
  required?: boolean
  inline?: boolean
}

/** A fieldset of radios; the error summary links to `id` (the first radio). A required group marks each radio `required` (forms are noValidate: the browser does not check it). */
export function RadioGroup({ id, label, error, hint, value, onChange, options, required, inline }: RadioGroupProps) {
  return (
    <fieldset
      className={`field choice-group${inline ? ' inline' : ''}${error ? ' has-error' : ''}`}
      aria-describedby={describedBy(id, error, hint)}
    >
      <legend>{label}</legend>
      <Messages id={id} error={error} hint={hint} />
      {options.map((o, i) => (
        <label key={o.value} className="choice">
          <input
            type="radio"
            id={i === 0 ? id : `${id}-${o.value}`}
            name={id}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            aria-invalid={error ? true : undefined}
            // aria-required is not allowed on a fieldset (group): each radio says it natively
            required={required}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  )
}

interface CheckboxGroupProps extends BaseProps {
  values: readonly string[]
  onChange(values: string[]): void
  options: readonly Option[]
}

export function CheckboxGroup({ id, label, error, hint, values, onChange, options }: CheckboxGroupProps) {
  const toggle = (code: string, on: boolean) =>
    onChange(
      on
        ? options.map((o) => o.value).filter((v) => v === code || values.includes(v))
        : values.filter((v) => v !== code),
    )
  return (
    <fieldset
      className={`field choice-group${error ? ' has-error' : ''}`}
      aria-describedby={describedBy(id, error, hint)}
    >
      <legend>{label}</legend>
      <Messages id={id} error={error} hint={hint} />
      {options.map((o, i) => (
        <label key={o.value} className="choice">
          <input
            type="checkbox"
            id={i === 0 ? id : `${id}-${o.value}`}
            name={id}
            value={o.value}
            checked={values.includes(o.value)}
            onChange={(e) => toggle(o.value, e.target.checked)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  )
}
