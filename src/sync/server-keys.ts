/** GET /api/v1/keys: the server's newest active public key, to seal batches to at lock. */
import { serverKeysResponseSchema, type ServerKey } from '@/shared/schemas/keys'
import { callApi, type HttpOptions } from './http'

/** The newest active key; null when the server cannot be reached or publishes none. */
export async function fetchServerKey(opts: HttpOptions = {}): Promise<ServerKey | null> {
  const outcome = await callApi(opts, '/api/v1/keys', {}, serverKeysResponseSchema)
  if (!outcome.ok) return null
  const active = outcome.value.keys.filter((k) => k.active).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return active[0] ?? null
}
