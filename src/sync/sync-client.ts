/**
 * The HTTP transport of sync-protocol.md over fetch: push (its mutations packed,
 * gzip-compressed when the browser can, its answer without the mutationIds it sent), pull
 * and the site list, each answer parsed with the shared schemas.
 */
import { accessSchema } from '@/shared/schemas/access'
import { staffResponseSchema } from '@/shared/schemas/staff'
import { z } from 'zod'
import { minimalPushResponseSchema, pulledPageSchema, type PushRequest } from '@/shared/schemas/sync'
import { siteSchema } from '@/shared/schemas/site'
import { callApi, callApiText, type HttpOptions } from './http'
import { pushRequest, withMutationIds } from './push-request'
import type { SyncTransport, TransportFailure } from './transport'

export interface SyncClientOptions extends HttpOptions {
  getToken(): string | null
  /** Bodies smaller than this go uncompressed (gzip would not pay for its header). */
  gzipMinBytes?: number
}

// the protocol lists the sites; accept them wrapped too, the server may add fields beside
const sitesResponseSchema = z.union([
  z.array(siteSchema),
  z.object({ sites: z.array(siteSchema) }).transform((body) => body.sites),
])

const staffListSchema = staffResponseSchema.transform((body) => body.staff)

const isInvalidBatch = (failure: TransportFailure) =>
  failure.kind === 'http' && failure.status === 400 && failure.error === 'invalid_batch'

function pullPath(since: string | undefined, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit), ...(since !== undefined ? { since } : {}) })
  return `/api/v1/sync/pull?${query}`
}

export function createSyncClient(opts: SyncClientOptions): SyncTransport {
  /** Until a server refuses it, mutations go packed (packed-push.ts). */
  let packsMutations = true
  const auth = (): Record<string, string> => {
    const token = opts.getToken()
    return token ? { Authorization: `Bearer ${token}` } : {}
  }
  return {
    async push(body: PushRequest) {
      const send = async (packed: boolean) => {
        const request = await pushRequest(body, opts.gzipMinBytes ?? 1024, { packed })
        const init = { method: 'POST', headers: { ...auth(), ...request.headers }, body: request.bytes }
        return {
          packed: request.packed,
          answer: await callApi(opts, '/api/v1/sync/push', init, minimalPushResponseSchema),
        }
      }
      const first = await send(packsMutations)
      let answer = first.answer
      // a server that does not know the packed form finds no mutations in it, applies
      // nothing and says so: the same batch goes again plain, and so does every later one
      if (first.packed && !answer.ok && isInvalidBatch(answer.failure)) {
        packsMutations = false
        answer = (await send(false)).answer
      }
      return withMutationIds(answer, body.mutations ?? [])
    },
    async pull(since, limit) {
      // leniently: one change of an entity or field a newer server added must not make
      // the whole page unreadable (the device holds what it cannot use yet)
      return callApi(opts, pullPath(since, limit), { headers: auth() }, pulledPageSchema)
    },
    async pullText(since, limit) {
      return callApiText(opts, pullPath(since, limit), { headers: auth() })
    },
    async fetchSites() {
      return callApi(opts, '/api/v1/sites', { headers: auth() }, sitesResponseSchema)
    },
    async fetchStaff() {
      return callApi(opts, '/api/v1/staff', { headers: auth() }, staffListSchema)
    },
    async fetchAccess() {
      return callApi(opts, '/api/v1/me', { headers: auth() }, accessSchema)
    },
  }
}
