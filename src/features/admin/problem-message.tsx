/** An admin call that failed, in words: offline first, since these screens need the network. */
import { useTranslation } from 'react-i18next'
import { ConnectionNeeded } from '@/components/connection-needed'
import type { AdminProblem } from '@/sync/admin-api'

export function problemKey(problem: AdminProblem): string {
  switch (problem.kind) {
    case 'offline':
      return 'admin.needsConnection'
    case 'unauthenticated':
      return 'admin.problems.unauthenticated'
    case 'forbidden':
      return 'admin.problems.forbidden'
    case 'wrong_password':
      return 'settings.password.wrongCurrent'
    case 'not_found':
      return 'admin.problems.notFound'
    case 'conflict':
      return problem.error === 'last_admin' ? 'admin.problems.lastAdmin' : 'admin.problems.conflict'
    case 'invalid':
      return 'form.invalid'
    case 'server':
      return 'admin.problems.server'
  }
}

interface ProblemMessageProps {
  problem: AdminProblem
  onRetry?: () => void
}

/**
 * Shown in place of a screen's content; a retry button when trying again can help.
 * Offline, with a retry: the words every server screen says, and a new load by itself
 * when the link comes back (components/connection-needed.tsx).
 */
export function ProblemMessage({ problem, onRetry }: ProblemMessageProps) {
  const { t } = useTranslation()
  if (problem.kind === 'offline' && onRetry) return <ConnectionNeeded onRetry={onRetry} />
  const retry = onRetry && (problem.kind === 'offline' || problem.kind === 'server')
  return (
    <div className="admin-problem" role="alert">
      <p className="form-problem">
        <span aria-hidden="true">⚠ </span>
        {t(problemKey(problem))}
      </p>
      {problem.kind === 'offline' && <p>{t('admin.needsConnectionDetail')}</p>}
      {retry && (
        <button type="button" onClick={onRetry}>
          {t('admin.retry')}
        </button>
      )}
    </div>
  )
}
