/**
 * Byte helpers for the crypto module: base64url (RFC 4648 §5, no padding), UTF-8 and
 * concatenation, on web-standard APIs only (btoa/atob, TextEncoder), so the same code
 * runs in the app, its service worker and the Node server without Buffer.
 */

/**
 * Bytes that own a plain ArrayBuffer. WebCrypto takes these, and IndexedDB's structured
 * clone of a view copies its whole buffer, so every Uint8Array this module hands out
 * owns exactly its bytes.
 */
export type Bytes = Uint8Array<ArrayBuffer>

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
const BASE64URL = /^[A-Za-z0-9_-]*$/
// String.fromCharCode takes its bytes as arguments: stay well under the engines' argument limits
const CHUNK = 0x2000

/** Encodes bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK))
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes unpadded base64url; throws a TypeError on any other alphabet or a truncated length. */
export function fromBase64Url(text: string): Bytes {
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw new TypeError('Not base64url')
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Bytes {
  return encoder.encode(text)
}

/** Decodes UTF-8 strictly: malformed bytes throw a TypeError instead of becoming U+FFFD. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes)
}

/** The bytes of each part, one after the other, in a new buffer. */
export function concatBytes(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Fresh cryptographically random bytes (at most 65,536: getRandomValues' limit). */
export function randomBytes(length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length))
}

/** A copy of bytes that owns its own buffer (see Bytes). */
export function ownBytes(bytes: Uint8Array): Bytes {
  return new Uint8Array(bytes)
}
