/**
 * A push on the wire, as sync-client.ts sends it and the benches measure it: the body's
 * bytes (its mutations packed, packed-push.ts; gzip when the platform's CompressionStream
 * can and it pays: Chromium's has no brotli) and headers, and the answer's results with
 * the mutationIds put back, which the device asks the server to leave out
 * (`Prefer: return=minimal`, sync-protocol.md).
 */
import type { MinimalPushResponse, Mutation, PushRequest, PushResponse } from '@/shared/schemas/sync'
import { gzip } from '@/shared/crypto/gzip'
import { packMutations } from '@/shared/schemas/packed-push'
import type { Outcome } from './transport'

export interface WirePush {
  bytes: Uint8Array<ArrayBuffer>
  headers: Record<string, string>
  /** Whether its mutations went packed (packed-push.ts). */
  packed: boolean
}

/**
 * What push() sends for a body: its bytes and headers (the benches send exactly these).
 * Its mutations go packed unless `packed` is false (a server that does not know the form).
 */
export async function pushRequest(body: PushRequest, gzipMinBytes: number, { packed = true } = {}): Promise<WirePush> {
  const packedBody = packed ? withPackedMutations(body) : undefined
  const { bytes, encoding } = await encodeBody(JSON.stringify(packedBody ?? body), gzipMinBytes)
  const headers = {
    'Content-Type': 'application/json',
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
    // results come in request order: the ids of mutations sent in clear need not come back
    // (a sealed batch's are not in the body, so its answer carries them)
    ...(body.mutations ? { Prefer: 'return=minimal' } : {}),
  }
  return { bytes, headers, packed: packedBody !== undefined }
}

/** The body with its mutations packed, when it has some and they pack. */
function withPackedMutations(body: PushRequest): object | undefined {
  const { mutations, ...rest } = body
  if (mutations === undefined || mutations.length === 0) return undefined
  const packed = packMutations(mutations)
  return packed && { ...rest, packed }
}

/** A minimal answer's results with the mutationIds sent put back, by position; an older server sends them itself. */
export function withMutationIds(
  answer: Outcome<MinimalPushResponse>,
  sent: readonly Mutation[],
): Outcome<PushResponse> {
  if (!answer.ok) return answer
  const { results } = answer.value
  if (results.every((r) => r.mutationId !== undefined)) return answer as Outcome<PushResponse>
  if (results.length !== sent.length) {
    const message = `${results.length} results for ${sent.length} mutations`
    return { ok: false, failure: { kind: 'bad_response', status: 200, message } }
  }
  const filled = results.map((r, i) => ({ ...r, mutationId: r.mutationId ?? (sent[i] as Mutation).mutationId }))
  return { ...answer, value: { ...answer.value, results: filled } }
}

/** UTF-8 bytes of the body, gzip-compressed when CompressionStream exists and it pays. */
export async function encodeBody(
  json: string,
  minBytes: number,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; encoding?: 'gzip' }> {
  const raw = new TextEncoder().encode(json)
  if (typeof CompressionStream === 'undefined' || raw.byteLength < minBytes) return { bytes: raw }
  return { bytes: await gzip(raw), encoding: 'gzip' }
}
