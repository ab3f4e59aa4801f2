/**
 * The crypto module's failures, one class each, so callers branch on `instanceof`
 * rather than on messages. Messages are fixed strings: they never carry key material,
 * plaintext, passphrases or the underlying WebCrypto error (whose text differs between
 * browsers and Node, and which may say more than the caller should show or log).
 */

/** The passphrase does not open this vault (or the stored vault was altered: the two look the same). */
export class WrongPassphraseError extends Error {
  override readonly name = 'WrongPassphraseError'
  constructor() {
    super('Wrong passphrase')
  }
}

/** A stored vault is not a version this code can read, or is malformed. */
export class VaultFormatError extends Error {
  override readonly name = 'VaultFormatError'
  constructor(readonly reason: string) {
    super(`Unreadable vault: ${reason}`)
  }
}

/** A sealed record did not decrypt: wrong key, wrong additional data, altered or unknown format. */
export class RecordDecryptError extends Error {
  override readonly name = 'RecordDecryptError'
  constructor() {
    super('Record does not decrypt')
  }
}

/** Why a sealed batch did not open; safe to log (it names a step, never data). */
export type UnsealableReason = 'format' | 'key' | 'decrypt' | 'too_large' | 'not_json'

/** A sealed push batch could not be opened; the server answers `400 unsealable`. */
export class UnsealableError extends Error {
  override readonly name = 'UnsealableError'
  constructor(readonly reason: UnsealableReason) {
    super(`Unsealable batch: ${reason}`)
  }
}
