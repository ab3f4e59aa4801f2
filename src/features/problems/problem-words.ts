/** A Problems call that failed, as a translation key: offline first, since the screen needs the network. */
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
