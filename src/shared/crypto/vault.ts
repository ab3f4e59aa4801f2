/**
 * Owns a user's key vault on a device: a random AES-256-GCM data key (records at rest)
 * and a random HMAC-SHA256 index key (keyed hashes), each wrapped under a key derived
 * from the passphrase (passphrase-kdf.ts). The wrapped form (StoredVault,
 * vault-format.ts) is plain data kept in IndexedDB; the unwrapped keys exist only in
 * memory, as non-extractable CryptoKeys, until the app locks and drops them. Never put
 * VaultKeys in IndexedDB or post them to a worker: CryptoKeys survive structured clone,
 * and a stored one would unlock without the passphrase.
 *
 * Passphrase change (rewrapVault): the keys handed out stay non-extractable. Each
 * VaultKeys made here is remembered in a module-private WeakMap beside its
 * non-extractable wrapping key and wrapped form; a rewrap unwraps an extractable copy
 * for the length of one call, wraps it under the new passphrase and lets it go. So no
 * key bytes can be read out of a VaultKeys (exportKey fails; JSON shows `{}`), but code
 * in the page that can call rewrapVault can re-wrap under a passphrase of its own: like
 * any script in the page, which can decrypt while unlocked anyway.
 */
import { concatBytes, fromBase64Url, randomBytes, toBase64Url } from './encoding'
import { WrongPassphraseError } from './errors'
import { chooseIterations, deriveWrappingKey, type KdfOptions } from './passphrase-kdf'
import { IV_BYTES, parseStoredVault, SALT_BYTES, wrapAad, type StoredVault } from './vault-format'

/** The unlocked keys; both non-extractable, held in memory only. */
export interface VaultKeys {
  /** AES-256-GCM, encrypt/decrypt: records and drafts at rest (record-cipher.ts). */
  readonly dataKey: CryptoKey
  /** HMAC-SHA256, sign: keyed hashes for exact look-ups (keyed-hash.ts). */
  readonly indexKey: CryptoKey
}

/** Work factor of a new vault: 600,000 PBKDF2 iterations unless raised (see passphrase-kdf.ts). */
export type VaultOptions = KdfOptions

type Which = 'data' | 'index'
const KEY_ALGORITHMS: Record<Which, { algorithm: AesKeyAlgorithm | HmacImportParams; usages: KeyUsage[] }> = {
  data: { algorithm: { name: 'AES-GCM', length: 256 }, usages: ['encrypt', 'decrypt'] },
  index: { algorithm: { name: 'HMAC', hash: 'SHA-256', length: 256 }, usages: ['sign'] },
}

const unlocked = new WeakMap<VaultKeys, { kek: CryptoKey; stored: StoredVault }>()

/** Makes a new vault with fresh random keys, wrapped under the passphrase. */
export async function createVault(
  passphrase: string,
  opts: VaultOptions = {},
): Promise<{ stored: StoredVault; keys: VaultKeys }> {
  const fresh = {
    data: await crypto.subtle.generateKey(KEY_ALGORITHMS.data.algorithm, true, KEY_ALGORITHMS.data.usages),
    index: await crypto.subtle.generateKey(KEY_ALGORITHMS.index.algorithm, true, KEY_ALGORITHMS.index.usages),
  }
  return wrapUnder(fresh, passphrase, opts)
}

/** Unwraps the keys; throws WrongPassphraseError when the passphrase (or the vault's integrity) fails. */
export async function openVault(stored: StoredVault, passphrase: string): Promise<VaultKeys> {
  const vault = parseStoredVault(stored)
  const kek = await deriveWrappingKey(passphrase, fromBase64Url(vault.salt), vault.iterations)
  try {
    const keys = Object.freeze({
      dataKey: await unwrap(vault, kek, 'data', false),
      indexKey: await unwrap(vault, kek, 'index', false),
    })
    unlocked.set(keys, { kek, stored: vault })
    return keys
  } catch {
    throw new WrongPassphraseError()
  }
}

/** The same keys wrapped under a new passphrase (fresh salt), for a passphrase change while unlocked. */
export async function rewrapVault(
  keys: VaultKeys,
  newPassphrase: string,
  opts: VaultOptions = {},
): Promise<StoredVault> {
  const origin = unlocked.get(keys)
  if (!origin) throw new TypeError('rewrapVault takes the keys returned by createVault or openVault')
  const transient = {
    data: await unwrap(origin.stored, origin.kek, 'data', true),
    index: await unwrap(origin.stored, origin.kek, 'index', true),
  }
  return (await wrapUnder(transient, newPassphrase, opts)).stored
}

/** Wraps extractable keys under a passphrase and returns the vault with non-extractable copies. */
async function wrapUnder(
  extractable: Record<Which, CryptoKey>,
  passphrase: string,
  opts: VaultOptions,
): Promise<{ stored: StoredVault; keys: VaultKeys }> {
  if (passphrase.length === 0) throw new RangeError('The passphrase is empty')
  const iterations = chooseIterations(opts)
  const salt = randomBytes(SALT_BYTES)
  const kek = await deriveWrappingKey(passphrase, salt, iterations)
  const header = { v: 1, kdf: 'PBKDF2-SHA256', iterations, salt: toBase64Url(salt), wrap: 'AES-256-GCM' } as const
  const wrapOne = async (which: Which) => {
    const iv = randomBytes(IV_BYTES)
    const params = { name: 'AES-GCM', iv, additionalData: wrapAad(header, which) }
    const wrapped = new Uint8Array(await crypto.subtle.wrapKey('raw', extractable[which], kek, params))
    return toBase64Url(concatBytes(iv, wrapped))
  }
  const stored: StoredVault = {
    ...header,
    wrappedDataKey: await wrapOne('data'),
    wrappedIndexKey: await wrapOne('index'),
  }
  // hand out non-extractable copies, unwrapped from what was stored: this also proves the stored form opens
  const keys = Object.freeze({
    dataKey: await unwrap(stored, kek, 'data', false),
    indexKey: await unwrap(stored, kek, 'index', false),
  })
  unlocked.set(keys, { kek, stored })
  return { stored, keys }
}

function unwrap(stored: StoredVault, kek: CryptoKey, which: Which, extractable: boolean): Promise<CryptoKey> {
  const bytes = fromBase64Url(which === 'data' ? stored.wrappedDataKey : stored.wrappedIndexKey)
  const params = { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: wrapAad(stored, which) }
  const { algorithm, usages } = KEY_ALGORITHMS[which]
  return crypto.subtle.unwrapKey('raw', bytes.slice(IV_BYTES), kek, params, algorithm, extractable, usages)
}
