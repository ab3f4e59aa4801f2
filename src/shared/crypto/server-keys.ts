/**
 * Owns the server's ECDH P-256 key pairs for sealed batches, and the one derivation both
 * ends share: ECDH → HKDF-SHA256 → AES-256-GCM key (docs/sync-protocol-sealed.md).
 * `kid` is the key's RFC 7638 JWK thumbprint, so anyone holding the public key can check
 * the kid it is published under, and two keys never share a kid.
 */
import { concatBytes, fromBase64Url, toBase64Url, utf8, type Bytes } from './encoding'

/** An ECDH P-256 public key as published at GET /api/v1/keys and sent as `epk`. */
export interface PublicEcJwk {
  kty: 'EC'
  crv: 'P-256'
  x: string
  y: string
}

/** A server key pair; the private half never leaves the server. */
export interface ServerKeyPair {
  kid: string
  publicJwk: PublicEcJwk
  privateJwk: JsonWebKey
  createdAt: string
}

/** HKDF info label of format v1; a later format gets a new label. */
export const SEALED_BATCH_INFO = 'relais-sealed-batch-v1'
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const
const COORDINATE_BYTES = 32

/** Makes a new server key pair (ECDH P-256), its kid and creation time. */
export async function generateServerKeyPair(): Promise<ServerKeyPair> {
  const pair = await crypto.subtle.generateKey(ECDH, true, ['deriveBits'])
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey)
  const publicJwk = publicPart(jwk)
  if (typeof jwk.d !== 'string') throw new Error('The platform exported no private key')
  return {
    kid: await jwkThumbprint(publicJwk),
    publicJwk,
    privateJwk: { ...publicJwk, d: jwk.d },
    createdAt: new Date().toISOString(),
  }
}

/** RFC 7638 thumbprint (SHA-256, base64url) of an EC public key. */
export async function jwkThumbprint(jwk: PublicEcJwk): Promise<string> {
  // the RFC's canonical form: the required members only, in lexicographic order, no spaces
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(canonical))))
}

/** The public members of a P-256 JWK (kty, crv, x, y); throws a TypeError on anything else. */
export function publicPart(jwk: unknown): PublicEcJwk {
  const { kty, crv, x, y } = (typeof jwk === 'object' && jwk !== null ? jwk : {}) as Record<string, unknown>
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string') {
    throw new TypeError('Not a P-256 public key')
  }
  if (fromBase64Url(x).length !== COORDINATE_BYTES || fromBase64Url(y).length !== COORDINATE_BYTES) {
    throw new TypeError('Not a P-256 public key')
  }
  return { kty, crv, x, y }
}

/** Imports a P-256 JWK for ECDH: the public half with no usages, the private half for deriveBits. */
export function importEcdhKey(jwk: JsonWebKey, half: 'public' | 'private'): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', jwk, ECDH, false, half === 'private' ? ['deriveBits'] : [])
}

/**
 * The AES-256-GCM key of one batch: HKDF-SHA256 over the ECDH shared secret (the
 * x-coordinate, 32 bytes), with an empty salt and info = label ‖ epk point ‖ server
 * point (uncompressed SEC1, 65 bytes each), which ties the key to both public keys.
 */
export async function deriveBatchKey(
  privateKey: CryptoKey,
  peerPublicKey: CryptoKey,
  epk: PublicEcJwk,
  serverPublic: PublicEcJwk,
  usage: 'encrypt' | 'decrypt',
): Promise<CryptoKey> {
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: peerPublicKey }, privateKey, 256)
  const ikm = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey'])
  const info = concatBytes(utf8(SEALED_BATCH_INFO), ecPoint(epk), ecPoint(serverPublic))
  const hkdf = { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }
  return crypto.subtle.deriveKey(hkdf, ikm, { name: 'AES-GCM', length: 256 }, false, [usage])
}

/** Uncompressed SEC1 encoding of a P-256 public key: 0x04 ‖ x ‖ y. */
function ecPoint(jwk: PublicEcJwk): Bytes {
  return concatBytes(new Uint8Array([4]), fromBase64Url(jwk.x), fromBase64Url(jwk.y))
}
