/**
 * The users wrong passwords lock out now (GET /api/v1/users/sign-in-locks), for the
 * users list. One call for every user: asking each user's lock would be a request per row.
 */
import { useCallback, useMemo } from 'react'
import { useSession } from '@/components/app-context'
import { signInLocksSchema } from '@/shared/schemas/auth'
import { createApiCall } from '@/sync/api-call'
import { useRemote } from './use-admin-api'

export function useSignInLocks() {
  const { token } = useSession()
  const call = useMemo(() => createApiCall({ getToken: () => token }), [token])
  const load = useCallback(() => call('/api/v1/users/sign-in-locks', {}, signInLocksSchema), [call])
  return useRemote(load)
}
