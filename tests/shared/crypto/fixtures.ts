/**
 * Fixtures for the crypto tests: a fast work factor, realistic push mutations, and a
 * second implementation of the sealed-batch construction on node:crypto, written from
 * docs/sync-protocol-sealed.md, to prove the document is enough for an independent client.
 */
import { createCipheriv, createDecipheriv, createECDH, hkdfSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import { newId } from '@/shared/ids'
import type { Mutation } from '@/shared/schemas/sync'
import { namedRegistration } from '../../helpers/records'

/** Tests use a tiny PBKDF2 count through the explicit unsafe option; the 600k default has its own test. */
export const FAST = { unsafeTestIterations: 1_000 }

/** The name spellings of tests/data/name-variants.csv, by group. */
export function nameVariants(): { group: string; spelling: string }[] {
  const csv = readFileSync(new URL('../../data/name-variants.csv', import.meta.url), 'utf8')
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [group = '', , spelling = ''] = line.split(',')
      return { group, spelling: spelling.trim() }
    })
}

/** `count` upsert mutations of varied named registrations, as a device pushes them. */
export function registrationMutations(count: number): Mutation[] {
  const names = nameVariants().map((row) => row.spelling)
  const nationalities = ['MLI', 'NGA', 'GIN', 'SEN', 'CIV', 'BFA', 'CMR', 'GHA', 'NER', 'SDN']
  let seed = 42
  const pick = <T>(list: T[]): T => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return list[seed % list.length] as T
  }
  return Array.from({ length: count }, () => {
    const data = namedRegistration({
      givenName: pick(names),
      familyName: pick(['Traoré', 'Diallo', 'Ouédraogo', 'Okafor', 'Camara', 'Keïta', 'Sanogo', 'Mensah']),
      nationality: pick(nationalities),
      dateOfBirth: `19${pick(['78', '85', '91', '99', '03'])}-0${pick(['1', '4', '7', '9'])}-1${pick(['2', '5', '8'])}`,
      phone: `+227 9${pick(['0', '3', '6', '8'])} ${pick(['12', '47', '83'])} ${pick(['05', '61', '99'])} ${pick(['30', '74'])}`,
      placeOfBirth: pick(['Bamako', 'Kano', 'Conakry', 'Dakar', 'Abidjan', 'Ouagadougou', 'Lagos', 'Kayes']),
      vulnerabilities: [pick(['single_woman', 'potential_trafficking_victim', 'serious_medical_condition'] as const)],
    })
    return {
      mutationId: newId(),
      entity: 'registration',
      recordId: data.id,
      op: 'upsert',
      baseRev: 0,
      data,
      changedFields: Object.keys(data),
      at: data.updatedAt,
      by: 'user-1',
    } satisfies Mutation
  })
}

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const fromB64u = (text: string) => Buffer.from(text, 'base64url')
const LABEL = Buffer.from('relais-sealed-batch-v1', 'utf8')

function batchKey(secret: Buffer, epkPoint: Buffer, serverPoint: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), Buffer.concat([LABEL, epkPoint, serverPoint]), 32))
}

const point = (jwk: JsonWebKey) => Buffer.concat([Buffer.from([4]), fromB64u(jwk.x ?? ''), fromB64u(jwk.y ?? '')])

/** Seals already-serialised JSON as the document says, with node:crypto and zlib. */
export function sealIndependently(serverJwk: JsonWebKey, aad: string, json: string) {
  const ecdh = createECDH('prime256v1')
  const epkPoint = ecdh.generateKeys()
  const key = batchKey(ecdh.computeSecret(point(serverJwk)), epkPoint, point(serverJwk))
  const iv = Buffer.from(crypto.getRandomValues(new Uint8Array(12)))
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad, 'utf8'))
  const ct = Buffer.concat([cipher.update(gzipSync(Buffer.from(json, 'utf8'))), cipher.final(), cipher.getAuthTag()])
  const epk = { kty: 'EC', crv: 'P-256', x: b64u(epkPoint.subarray(1, 33)), y: b64u(epkPoint.subarray(33)) }
  return { kid: 'test', epk, iv: b64u(iv), ct: b64u(ct) }
}

/** Opens a sealed batch as the document says, with node:crypto and zlib. */
export function openIndependently(
  privateJwk: JsonWebKey,
  aad: string,
  sealed: { epk: JsonWebKey; iv: string; ct: string },
): unknown {
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(fromB64u(privateJwk.d ?? ''))
  const key = batchKey(ecdh.computeSecret(point(sealed.epk)), point(sealed.epk), point(privateJwk))
  const ct = fromB64u(sealed.ct)
  const decipher = createDecipheriv('aes-256-gcm', key, fromB64u(sealed.iv)).setAAD(Buffer.from(aad, 'utf8'))
  decipher.setAuthTag(ct.subarray(ct.length - 16))
  const gz = Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()])
  return JSON.parse(gunzipSync(gz).toString('utf8'))
}
