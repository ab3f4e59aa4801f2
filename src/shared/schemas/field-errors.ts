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
      return issue.keys.map((key) => {
        const named = keyAsSaid(key)
        return { path: [...path, named], code: issue.code, message: `Unknown field "${named}"` }
      })
    }
    const rule = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined
    return [{ path, code: typeof rule === 'string' ? rule : issue.code, message: issue.message }]
  })
}

/** No field's name is longer: an unknown key past it (up to 10,000 characters got in) is said cut. */
export const MAX_KEY_SAID = 100

/**
 * An unknown key as an error says it, twice (path and message), kept with a refusal and
 * shown to supervisors: cut after MAX_KEY_SAID characters, which every real field's name
 * stays well within, so that a client's key of 10,000 characters is not stored 20,000 times over.
 */
function keyAsSaid(key: string): string {
  return key.length > MAX_KEY_SAID ? `${key.slice(0, MAX_KEY_SAID)}…` : key
}
