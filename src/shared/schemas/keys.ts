/** GET /api/v1/keys: the server's public keys for sealed push batches (docs/sync-protocol-sealed.md). */
import { z } from 'zod'
import { timestampSchema } from './common'

export const publicEcJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
})

export const serverKeySchema = z.object({
  kid: z.string(),
  jwk: publicEcJwkSchema,
  createdAt: timestampSchema,
  /** The key to seal new batches to; inactive keys still open old batches. */
  active: z.boolean(),
})
export type ServerKey = z.infer<typeof serverKeySchema>

export const serverKeysResponseSchema = z.object({ keys: z.array(serverKeySchema) })
export type ServerKeysResponse = z.infer<typeof serverKeysResponseSchema>
