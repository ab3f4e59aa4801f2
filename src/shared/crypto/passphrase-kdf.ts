/**
 * Owns the passphrase → wrapping-key derivation of the vault (PBKDF2-SHA256) and its
 * work factor. Production vaults can only be made at 600,000 iterations or more; the
 * one way below is an option named `unsafeTestIterations`, so that a lower count can
 * only come from code that says so.
 */
import { utf8, type Bytes } from './encoding'

/** The floor for production vaults: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const MIN_PBKDF2_ITERATIONS = 600_000
export const DEFAULT_PBKDF2_ITERATIONS = MIN_PBKDF2_ITERATIONS
/** Above this a stored count is refused: it would hang the unlock screen for minutes. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000

/**
 * `iterations` may only raise the work factor above 600,000; `unsafeTestIterations`
 * lowers it and exists for tests alone.
 */
export interface KdfOptions {
  iterations?: number
  unsafeTestIterations?: number
}

/** The iteration count for a new vault; throws a RangeError below the floor or on a bad value. */
export function chooseIterations({ iterations, unsafeTestIterations }: KdfOptions): number {
  if (unsafeTestIterations !== undefined) {
    if (iterations !== undefined) throw new RangeError('Pass iterations or unsafeTestIterations, not both')
    if (!Number.isInteger(unsafeTestIterations) || unsafeTestIterations < 1) {
      throw new RangeError('unsafeTestIterations must be a positive integer')
    }
    return unsafeTestIterations
  }
  const chosen = iterations ?? DEFAULT_PBKDF2_ITERATIONS
  if (!Number.isInteger(chosen) || chosen < MIN_PBKDF2_ITERATIONS || chosen > MAX_PBKDF2_ITERATIONS) {
    throw new RangeError(
      `PBKDF2 iterations must be an integer from ${MIN_PBKDF2_ITERATIONS} to ${MAX_PBKDF2_ITERATIONS}`,
    )
  }
  return chosen
}

/**
 * PBKDF2-SHA256(NFC(passphrase), salt, iterations) → a non-extractable AES-256-GCM key
 * that can only wrap and unwrap. NFC so that an accented letter typed as one code point
 * or as letter + accent (keyboards differ) gives the same key.
 */
export async function deriveWrappingKey(passphrase: string, salt: Bytes, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ])
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  )
}
