/**
 * A push body as the server reads it: the rows of a packed one (packed-push.ts) as the
 * mutations they stand for, so that tests look at what was pushed whichever form it took.
 */
import { packedMutationsSchema, unpackMutations } from '@/shared/schemas/packed-push'
import type { PushRequest } from '@/shared/schemas/sync'

export function readPushBody(json: unknown): PushRequest {
  const { packed, ...rest } = json as PushRequest & { packed?: unknown }
  if (packed === undefined) return rest
  return { ...rest, mutations: unpackMutations(packedMutationsSchema.parse(packed)) }
}
