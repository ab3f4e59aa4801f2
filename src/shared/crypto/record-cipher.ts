/**
 * Owns encryption at rest of one value (a record's personal fields, a draft): JSON,
 * then AES-256-GCM under the vault's data key with a fresh random 96-bit IV per call and
 * the caller's additional data (the record id, e.g. `registration:<id>`), so that a
 * ciphertext copied onto another record's row fails to decrypt instead of showing the
 * wrong person.
 *
 * Format v1: `{ v: 1, iv, ct }` with `iv` (12 bytes) and `ct` (ciphertext ‖ 16-byte tag)
 * as Uint8Array, not base64url: IndexedDB (and fake-indexeddb) store typed arrays
 * natively, a third smaller and without an encoding pass per read. Each array owns its
 * own buffer, since a structured clone of a view stores the whole underlying buffer.
 * Random IVs are safe for up to 2^32 encryptions under one key, far beyond one device.
 *
 * Encrypt before opening a Dexie transaction: awaiting WebCrypto inside one commits it.
 */
import { fromUtf8, ownBytes, randomBytes, utf8, type Bytes } from './encoding'
import { RecordDecryptError } from './errors'

const IV_BYTES = 12
const TAG_BYTES = 16

/** One encrypted value as stored in IndexedDB. */
export interface Sealed {
  v: 1
  iv: Bytes
  ct: Bytes
}

/** Encrypts `value` as JSON under `key` (AES-256-GCM), bound to `aad`. */
export async function encryptJson(key: CryptoKey, aad: string, value: unknown): Promise<Sealed> {
  const json = JSON.stringify(value)
  // JSON.stringify(undefined) is undefined, not a string: nothing could be decrypted back
  if (json === undefined) throw new TypeError('encryptJson needs a JSON value')
  const iv = freshIv()
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(aad) }, key, utf8(json))
  return { v: 1, iv, ct: new Uint8Array(ct) }
}

// IVs are drawn from the random source in blocks: a new phone seals tens of thousands of
// records, and one call per block costs far less than one per record. Each IV is a copy
// with its own buffer, taken once.
const IVS_PER_BLOCK = 256
let ivBlock = new Uint8Array(0)
let ivNext = 0

function freshIv(): Bytes {
  if (ivNext + IV_BYTES > ivBlock.length) {
    ivBlock = randomBytes(IV_BYTES * IVS_PER_BLOCK)
    ivNext = 0
  }
  const iv = ivBlock.slice(ivNext, ivNext + IV_BYTES)
  ivBlock.fill(0, ivNext, ivNext + IV_BYTES)
  ivNext += IV_BYTES
  return iv
}

/**
 * Decrypts what encryptJson made with the same key and `aad`. Throws RecordDecryptError
 * on a wrong key, a wrong `aad`, any altered byte or an unknown format. The result is
 * typed by the caller's word: parse it with the entity's schema where it matters.
 */
export async function decryptJson<T>(key: CryptoKey, aad: string, sealed: Sealed): Promise<T> {
  if (!isSealed(sealed)) throw new RecordDecryptError()
  let plain: ArrayBuffer
  try {
    const params = { name: 'AES-GCM', iv: cryptoInput(sealed.iv), additionalData: utf8(aad) }
    plain = await crypto.subtle.decrypt(params, key, cryptoInput(sealed.ct))
  } catch {
    throw new RecordDecryptError()
  }
  return JSON.parse(fromUtf8(new Uint8Array(plain))) as T
}

/**
 * Bytes WebCrypto takes: an array of this realm over an ArrayBuffer as it is (what a
 * browser's IndexedDB gives back; a snapshot's parts hold megabytes, not worth copying
 * at each unlock), any other copied (one read back in another realm, as fake-indexeddb's
 * clone makes in tests, may fail WebCrypto's BufferSource check).
 */
function cryptoInput(bytes: Uint8Array): Bytes {
  return bytes instanceof Uint8Array && bytes.buffer instanceof ArrayBuffer ? (bytes as Bytes) : ownBytes(bytes)
}

/** Whether a value read from storage has the shape of a v1 sealed value. */
export function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false
  const { v, iv, ct } = value as Record<string, unknown>
  return v === 1 && isUint8Array(iv) && iv.length === IV_BYTES && isUint8Array(ct) && ct.length >= TAG_BYTES
}

// instanceof alone fails for arrays made in another realm (a worker, jsdom, fake-indexeddb's clone)
function isUint8Array(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]'
}
