/**
 * Owns the `sealed` push body of sync-protocol.md: a locked device encrypts its pending
 * mutations to the server's public key, so it can upload work it can no longer read.
 * One ephemeral ECDH per batch and gzip before encryption, so a sealed batch costs the
 * bytes of gzip JSON plus ~250 bytes. The construction, for other clients:
 * docs/sync-protocol-sealed.md.
 *
 * Format v1: `{ v: 1, kid, epk, iv, ct }`; `epk` a public JWK (kty, crv, x, y), `iv`
 * (12 bytes) and `ct` (AES-GCM ciphertext ‖ 16-byte tag of the gzip) base64url. `v` is
 * optional on input, absent meaning 1: the protocol's four fields are the v1 body.
 */
import { MAX_BATCH_BYTES, MAX_BATCH_MUTATIONS } from '../schemas/sync'
import { fromBase64Url, fromUtf8, randomBytes, toBase64Url, utf8, type Bytes } from './encoding'
import { UnsealableError, type UnsealableReason } from './errors'
import { DecompressedTooLargeError, gunzipCapped, gzip } from './gzip'
import { deriveBatchKey, importEcdhKey, publicPart, type PublicEcJwk } from './server-keys'

/** What openSealedBatch decompresses at most: the protocol's 2 MiB per batch, plus room for its 413 to be the answer. */
export const MAX_OPENED_BYTES = MAX_BATCH_BYTES + 64 * 1024
const IV_BYTES = 12
const TAG_BYTES = 16

/** A sealed batch as sent in a push body's `sealed`. */
export interface SealedBatch {
  v?: 1
  kid: string
  epk: PublicEcJwk
  iv: string
  ct: string
}

export interface SealInput {
  publicJwk: JsonWebKey
  kid: string
  deviceId: string
  batchId: string
  mutations: unknown[]
}

/**
 * Seals mutations to the server key `kid`. Refuses (RangeError) a batch past the
 * protocol's limits: the server would answer 413, and a locked device cannot split what it sealed.
 */
export async function sealBatch({ publicJwk, kid, deviceId, batchId, mutations }: SealInput): Promise<SealedBatch> {
  const json = utf8(JSON.stringify(mutations))
  if (mutations.length > MAX_BATCH_MUTATIONS || json.length > MAX_BATCH_BYTES) {
    throw new RangeError(`A batch holds at most ${MAX_BATCH_MUTATIONS} mutations and ${MAX_BATCH_BYTES} bytes of JSON`)
  }
  return sealJson(publicJwk, kid, batchAad(deviceId, batchId), json)
}

/**
 * The construction of format v1 over any JSON bytes and additional data: the push's
 * sealed batch, and the courier file's batches (courier-file.ts), which differ only in
 * what the plaintext holds and in their additional data.
 */
export async function sealJson(publicJwk: JsonWebKey, kid: string, aad: Bytes, json: Bytes): Promise<SealedBatch> {
  const serverPublic = publicPart(publicJwk)
  const ephemeral = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits'])
  const epk = publicPart(await crypto.subtle.exportKey('jwk', ephemeral.publicKey))
  const serverKey = await importEcdhKey(serverPublic, 'public')
  const key = await deriveBatchKey(ephemeral.privateKey, serverKey, epk, serverPublic, 'encrypt')
  const iv = randomBytes(IV_BYTES)
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, await gzip(json))
  return { v: 1, kid, epk, iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) }
}

export interface OpenInput {
  /** The server's private key for `sealed.kid`. */
  privateJwk: JsonWebKey
  /** The push body's `sealed`, as received (checked here). */
  sealed: unknown
  deviceId: string
  batchId: string
  /** The most JSON bytes the opened batch may hold (the push limit); past it, `too_large`. */
  maxJsonBytes?: number
}

/** Opens a sealed batch; any failure is an UnsealableError whose `reason` names the step. */
export async function openSealedBatch({
  privateJwk,
  sealed,
  deviceId,
  batchId,
  maxJsonBytes = MAX_OPENED_BYTES,
}: OpenInput): Promise<unknown[]> {
  const mutations = await openJson({ privateJwk, sealed, aad: batchAad(deviceId, batchId), maxJsonBytes })
  if (!Array.isArray(mutations)) throw new UnsealableError('not_json')
  return mutations
}

/** Opens what sealJson sealed with the same additional data, and parses its JSON; failures as openSealedBatch's. */
export async function openJson({
  privateJwk,
  sealed,
  aad,
  maxJsonBytes = MAX_OPENED_BYTES,
}: Pick<OpenInput, 'privateJwk' | 'sealed' | 'maxJsonBytes'> & { aad: Bytes }): Promise<unknown> {
  const { epk, iv, ct } = step('format', () => parseSealed(sealed))
  const serverPublic = step('key', () => publicPart(privateJwk))
  const privateKey = await stepAsync('key', () => importEcdhKey(privateJwk, 'private'))
  const peer = await stepAsync('format', () => importEcdhKey(epk, 'public'))
  const key = await stepAsync('key', () => deriveBatchKey(privateKey, peer, epk, serverPublic, 'decrypt'))
  const compressed = await stepAsync('decrypt', async () => {
    const params = { name: 'AES-GCM', iv, additionalData: aad }
    return new Uint8Array(await crypto.subtle.decrypt(params, key, ct))
  })
  const json = await stepAsync('format', () => gunzipCapped(compressed, MAX_OPENED_BYTES))
  if (json.length > maxJsonBytes) throw new UnsealableError('too_large')
  return step('not_json', () => JSON.parse(fromUtf8(json)) as unknown)
}

function batchAad(deviceId: string, batchId: string): Bytes {
  return utf8(`${deviceId}.${batchId}`)
}

function parseSealed(value: unknown): { epk: PublicEcJwk; iv: Bytes; ct: Bytes } {
  const { v, kid, epk, iv, ct } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if ((v !== undefined && v !== 1) || typeof kid !== 'string' || typeof iv !== 'string' || typeof ct !== 'string') {
    throw new TypeError('Not a v1 sealed batch')
  }
  const ivBytes = fromBase64Url(iv)
  const ctBytes = fromBase64Url(ct)
  if (ivBytes.length !== IV_BYTES || ctBytes.length < TAG_BYTES) throw new TypeError('Not a v1 sealed batch')
  return { epk: publicPart(epk), iv: ivBytes, ct: ctBytes }
}

function step<T>(reason: UnsealableReason, run: () => T): T {
  try {
    return run()
  } catch {
    throw new UnsealableError(reason)
  }
}

async function stepAsync<T>(reason: UnsealableReason, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw new UnsealableError(error instanceof DecompressedTooLargeError ? 'too_large' : reason)
  }
}
