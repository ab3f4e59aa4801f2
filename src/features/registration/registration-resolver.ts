/**
 * The form's resolver: react-hook-form checks the typed values with the shared
 * registration schema (through validateRegistration), each problem at its field as a
 * translation key. Next asks it for one step's fields only.
 */
import { zodResolver } from '@hookform/resolvers/zod'
import { registrationValuesSchema, validateRegistration, type RegistrationBase } from './registration-values'

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
