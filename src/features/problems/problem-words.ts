/** Problems calls that failed, as translation keys: offline first, since the screen needs the network. */
import type { AdminProblem } from '@/sync/admin-api'

export function problemKey(problem: AdminProblem): string {
  switch (problem.kind) {
    case 'offline':
      return 'problems.needsConnection'
    case 'unauthenticated':
      return 'problems.errors.unauthenticated'
    case 'forbidden':
      return 'problems.errors.forbidden'
    case 'not_found':
      return 'problems.errors.notFound'
    case 'conflict':
      return problem.error === 'already_resolved' ? 'problems.errors.alreadyResolved' : 'problems.errors.server'
    case 'wrong_password':
    case 'invalid':
    case 'server':
      return 'problems.errors.server'
  }
}

/** A failed duplicates action (merge, distinct, undo) as a translation key: a refusal by its rule, else what went wrong. */
export function duplicateProblemKey(problem: AdminProblem): string {
  switch (problem.kind) {
    case 'offline':
      return 'problems.needsConnection'
    case 'invalid': {
      // a refusal names its rule: as a field error, or as the error when it has no field
      const code = problem.issues[0]?.code ?? problem.error
      const known = ['merge_needs_same_site', 'merge_anonymous_into_named', 'already_merged', 'undo_needs_same_site']
      return code !== undefined && known.includes(code)
        ? `problems.duplicates.errors.${code}`
        : 'problems.duplicates.errors.generic'
    }
    case 'not_found':
      return 'problems.duplicates.errors.notFound'
    case 'unauthenticated':
      return 'problems.errors.unauthenticated'
    case 'forbidden':
      return 'problems.errors.forbidden'
    default:
      return 'problems.errors.server'
  }
}
