/**
 * The shared form fields bound to a react-hook-form field of the case file's forms: the
 * value, its changes and its error in words (form-errors.ts) come from the form, so that a
 * form lists only what differs from one field to the next.
 */
import type { ComponentProps, ComponentType } from 'react'
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { RadioGroup, SelectField, TextField } from '@/components/form-fields'
import { errorText } from './form-errors'
import { TextAreaField } from './text-area-field'

interface FieldProps {
  value: string
  onChange(value: string): void
  error?: string | undefined
}

/** `V`: the form's input values; `T`: what its resolver makes of them */
type BoundProps<P extends FieldProps, V extends FieldValues, T extends FieldValues> = Omit<
  P,
  'value' | 'onChange' | 'error'
> & {
  control: Control<V, unknown, T>
  name: FieldPath<V>
  /** the words for a rule whose message is not a translation key (form-errors.ts) */
  fallback?: string
  /** shown when the form itself has nothing to say about the field */
  otherError?: string | undefined
}

function bound<P extends FieldProps>(Field: ComponentType<P>) {
  return function BoundField<V extends FieldValues, T extends FieldValues = V>({
    control,
    name,
    fallback,
    otherError,
    ...props
  }: BoundProps<P, V, T>) {
    const { t } = useTranslation()
    const { field, fieldState } = useController({ control, name })
    const fieldProps = {
      ...props,
      value: field.value as string,
      onChange: field.onChange,
      error: errorText(t, fieldState.error, fallback) ?? otherError,
    } as unknown as P
    return <Field {...fieldProps} />
  }
}

export const BoundTextField = bound<ComponentProps<typeof TextField>>(TextField)
export const BoundSelectField = bound<ComponentProps<typeof SelectField>>(SelectField)
export const BoundRadioGroup = bound<ComponentProps<typeof RadioGroup>>(RadioGroup)
export const BoundTextAreaField = bound<ComponentProps<typeof TextAreaField>>(TextAreaField)
