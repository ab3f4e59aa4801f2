/**
 * Owns the stored form of a vault (format v1) and its checks. All binary fields are
 * base64url without padding: a vault is one small object, kept readable as JSON.
 *
 *   { v: 1, kdf: 'PBKDF2-SHA256', iterations, salt (16 bytes), wrap: 'AES-256-GCM',
 *     wrappedDataKey, wrappedIndexKey }
 *   each wrapped key = iv (12 bytes) ‖ AES-256-GCM(raw key, 32 bytes) ‖ tag (16 bytes)
 *
 * The wrapping key is PBKDF2-SHA256(NFC(passphrase), salt, iterations), 256 bits
 * (passphrase-kdf.ts). Each wrap's additional data is
 * `relais-vault:v1:<data|index>:<iterations>:<salt>`: it binds the header to the keys and
 * stops the two wrapped keys being swapped. A later format bumps `v` and its label.
 */
import { z } from 'zod'
import { fromBase64Url, utf8, type Bytes } from './encoding'
import { VaultFormatError } from './errors'
import { MAX_PBKDF2_ITERATIONS } from './passphrase-kdf'

export const SALT_BYTES = 16
export const IV_BYTES = 12
const WRAPPED_BYTES = IV_BYTES + 32 + 16

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/)

export const storedVaultSchema = z.object({
  v: z.literal(1),
  kdf: z.literal('PBKDF2-SHA256'),
  iterations: z.int().min(1).max(MAX_PBKDF2_ITERATIONS),
  salt: base64url,
  wrap: z.literal('AES-256-GCM'),
  wrappedDataKey: base64url,
  wrappedIndexKey: base64url,
})
/** The vault as kept in IndexedDB: no key material in clear. */
export type StoredVault = z.infer<typeof storedVaultSchema>

/** Checks a value read from storage is a vault of a version this code reads. */
export function parseStoredVault(value: unknown): StoredVault {
  const parsed = storedVaultSchema.safeParse(value)
  if (!parsed.success) throw new VaultFormatError(parsed.error.issues[0]?.path.join('.') || 'shape')
  const vault = parsed.data
  const lengths = { salt: SALT_BYTES, wrappedDataKey: WRAPPED_BYTES, wrappedIndexKey: WRAPPED_BYTES }
  for (const [field, length] of Object.entries(lengths) as [keyof typeof lengths, number][]) {
    if (decodedLength(vault[field]) !== length) throw new VaultFormatError(field)
  }
  return vault
}

function decodedLength(text: string): number {
  try {
    return fromBase64Url(text).length
  } catch {
    return -1
  }
}

/** Additional data of one wrapped key. */
export function wrapAad(header: Pick<StoredVault, 'iterations' | 'salt'>, which: 'data' | 'index'): Bytes {
  return utf8(`relais-vault:v1:${which}:${header.iterations}:${header.salt}`)
}
