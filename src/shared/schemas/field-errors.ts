/** Zod issues as the contract's field errors (sync-protocol.md, rule 3): `{ path, code, message }`. */
import type { z } from 'zod'
import type { FieldError } from './sync'

/**
 * One field error per problem. An unknown key is reported at the key itself (code
 * `unrecognized_keys`, path ending with the key), so that a screen or a partner's
 * client can say which field to drop. A refinement that names its rule (`params.rule`)
 * answers that rule as its code.
 */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)))
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], code: issue.code, message: `Unknown field "${key}"` }))
    }
    const rule = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined
    return [{ path, code: typeof rule === 'string' ? rule : issue.code, message: issue.message }]
  })
}
