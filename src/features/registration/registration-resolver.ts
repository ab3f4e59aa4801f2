/**
 * The form's resolver: react-hook-form checks the typed values with the shared
 * registration schema (through validateRegistration), each problem at its field as a
 * translation key. Next asks it for one step's fields only, once `stepPasses` said that
 * they have something to show.
 */
import { zodResolver } from '@hookform/resolvers/zod'
import { validateRegistration, type RegistrationBase } from './registration-validation'
import { registrationValuesSchema, type RegistrationField, type RegistrationValues } from './registration-values'

export function registrationResolver(base: RegistrationBase) {
  const schema = registrationValuesSchema.superRefine((values, ctx) => {
    const result = validateRegistration(values, base, new Date())
    if (result.ok) return
    for (const issue of result.issues) {
      // a problem with no field on screen goes to react-hook-form's root errors
      const path = issue.field === 'form' ? ['root', 'form'] : [issue.field]
      ctx.addIssue({ code: 'custom', path, message: issue.message })
    }
  })
  return zodResolver(schema)
}

/**
 * Whether the resolver would find no problem at `fields`, asked without the form: a step
 * that passes goes on without react-hook-form's check, which draws every field of the
 * step again (its errors and validation state change) before the step's draft is written.
 */
export function stepPasses(
  values: RegistrationValues,
  base: RegistrationBase,
  fields: readonly RegistrationField[],
): boolean {
  return failingFields(values, base, fields).length === 0
}

/** The fields among `fields` the resolver would find a problem at, in their order, asked without the form (no error is shown). */
export function failingFields(
  values: RegistrationValues,
  base: RegistrationBase,
  fields: readonly RegistrationField[],
): RegistrationField[] {
  const shape = registrationValuesSchema.safeParse(values)
  const failing = new Set<string>(
    shape.success
      ? failures(validateRegistration(shape.data, base, new Date()))
      : shape.error.issues.map((issue) => String(issue.path[0])),
  )
  return fields.filter((field) => failing.has(field))
}

const failures = (result: ReturnType<typeof validateRegistration>): string[] =>
  result.ok ? [] : result.issues.map((issue) => issue.field)
