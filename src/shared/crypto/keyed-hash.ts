/**
 * Owns the keyed hashes that stand in for names in IndexedDB indexes: HMAC-SHA256 under
 * the vault's index key, over a normalised form of the text, so that an exact look-up
 * ("Aïchatou TRAORÉ" finds "aichatou traore") works without the name in clear, and a
 * copy of the database without the key cannot test guesses against the index.
 *
 * Exact only: spellings that differ beyond case, accents and spacing ("Mohamed",
 * "Mohammed") hash apart. Fuzzy matching for duplicates belongs in memory after unlock.
 * The same text hashes the same in every field: callers that must not reveal that a
 * given name equals a family name should prefix the text with the field (`given:…`).
 */
import { toBase64Url, utf8 } from './encoding'

const COMBINING_MARKS = /\p{M}/gu
const WHITESPACE = /\s+/gu

/**
 * Lower case, compatibility-decomposed, without diacritics, single-spaced and trimmed:
 * "  Aïchatou  TRAORÉ " → "aichatou traore". Lower-casing first, because some capitals
 * lower-case to a letter plus a combining mark (İ → i̇), which the next step strips.
 */
export function normalizeForIndex(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(COMBINING_MARKS, '').replace(WHITESPACE, ' ').trim()
}

/** Base64url HMAC-SHA256 (43 characters) of normalizeForIndex(text) under the index key. */
export async function keyedHash(indexKey: CryptoKey, text: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', indexKey, utf8(normalizeForIndex(text)))
  return toBase64Url(new Uint8Array(mac))
}
