import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { fromBase64Url } from '@/shared/crypto/encoding'
import { UnsealableError, type UnsealableReason } from '@/shared/crypto/errors'
import { MAX_OPENED_BYTES, openSealedBatch, sealBatch, type SealedBatch } from '@/shared/crypto/sealed-batch'
import { generateServerKeyPair, jwkThumbprint } from '@/shared/crypto/server-keys'
import { newId } from '@/shared/ids'
import { registrationSchema } from '@/shared/schemas/registration'
import { openIndependently, registrationMutations, sealIndependently } from './fixtures'

const deviceId = newId()
const batchId = newId()
const server = await generateServerKeyPair()

const seal = (mutations: unknown[], ids = { deviceId, batchId }) =>
  sealBatch({ publicJwk: server.publicJwk, kid: server.kid, ...ids, mutations })

async function refusal(run: Promise<unknown>): Promise<UnsealableReason | 'opened'> {
  try {
    await run
    return 'opened'
  } catch (error) {
    expect(error).toBeInstanceOf(UnsealableError)
    return (error as UnsealableError).reason
  }
}

describe('server keys', () => {
  it('publishes only the public members under the key thumbprint', async () => {
    expect(Object.keys(server.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y'])
    expect(server.kid).toBe(await jwkThumbprint(server.publicJwk))
    expect(server.kid).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(typeof server.privateJwk.d).toBe('string')
    expect(Date.parse(server.createdAt)).not.toBeNaN()
    expect((await generateServerKeyPair()).kid).not.toBe(server.kid)
  })
})

describe('sealed batch', () => {
  it('opens to the same mutations with the server key, bound to device and batch', async () => {
    const mutations = registrationMutations(20)
    const sealed = await seal(mutations)
    expect(Object.keys(sealed).sort()).toEqual(['ct', 'epk', 'iv', 'kid', 'v'])
    expect(Object.keys(sealed.epk).sort()).toEqual(['crv', 'kty', 'x', 'y'])
    expect(fromBase64Url(sealed.iv)).toHaveLength(12)
    expect(sealed.kid).toBe(server.kid)
    expect(sealed.ct).not.toContain('Traor')

    // the server parses the push body as JSON first
    const received: unknown = JSON.parse(JSON.stringify(sealed))
    expect(await openSealedBatch({ privateJwk: server.privateJwk, sealed: received, deviceId, batchId })).toEqual(
      JSON.parse(JSON.stringify(mutations)),
    )
  })

  it('uses a fresh ephemeral key and IV for every batch', async () => {
    const [a, b] = await Promise.all([seal([1]), seal([1])])
    expect(a?.epk.x).not.toBe(b?.epk.x)
    expect(a?.iv).not.toBe(b?.iv)
  })

  it('opens without `v`: the protocol’s four fields are the v1 body', async () => {
    const { v: _v, ...fourFields } = await seal([{ a: 1 }])
    expect(await openSealedBatch({ privateJwk: server.privateJwk, sealed: fourFields, deviceId, batchId })).toEqual([
      { a: 1 },
    ])
  })

  it('refuses another device id or batch id (the additional data)', async () => {
    const sealed = await seal([{ a: 1 }])
    const open = (ids: { deviceId: string; batchId: string }) =>
      openSealedBatch({ privateJwk: server.privateJwk, sealed, ...ids })
    expect(await refusal(open({ deviceId, batchId: newId() }))).toBe('decrypt')
    expect(await refusal(open({ deviceId: newId(), batchId }))).toBe('decrypt')
    expect(await refusal(open({ deviceId: batchId, batchId: deviceId }))).toBe('decrypt')
  })

  it('refuses another server key', async () => {
    const sealed = await seal([{ a: 1 }])
    const other = await generateServerKeyPair()
    expect(await refusal(openSealedBatch({ privateJwk: other.privateJwk, sealed, deviceId, batchId }))).toBe('decrypt')
    const noPrivate = openSealedBatch({ privateJwk: server.publicJwk, sealed, deviceId, batchId })
    expect(await refusal(noPrivate)).toBe('key')
  })

  it('refuses an altered ciphertext, IV or ephemeral key, and malformed bodies', async () => {
    const sealed = await seal([{ a: 1 }])
    const otherEpk = (await seal([{ a: 1 }])).epk
    const ct = fromBase64Url(sealed.ct)
    ct[5] = (ct[5] ?? 0) ^ 1
    const cases: [unknown, UnsealableReason][] = [
      [{ ...sealed, ct: Buffer.from(ct).toString('base64url') }, 'decrypt'],
      [{ ...sealed, iv: Buffer.alloc(12).toString('base64url') }, 'decrypt'],
      [{ ...sealed, epk: otherEpk }, 'decrypt'],
      [{ ...sealed, epk: { ...sealed.epk, y: otherEpk.y } }, 'format'], // not a point on the curve
      [{ ...sealed, epk: { ...sealed.epk, crv: 'P-384' } }, 'format'],
      [{ ...sealed, v: 2 }, 'format'],
      [{ ...sealed, iv: 'short' }, 'format'],
      [{ ...sealed, ct: 'not base64url!' }, 'format'],
      ['sealed', 'format'],
      [null, 'format'],
    ]
    for (const [body, reason] of cases) {
      expect(await refusal(openSealedBatch({ privateJwk: server.privateJwk, sealed: body, deviceId, batchId }))).toBe(
        reason,
      )
    }
  })

  it('refuses a batch that decompresses past 2 MiB plus margin (a zip bomb)', async () => {
    const aad = `${deviceId}.${batchId}`
    const bomb = sealIndependently(server.publicJwk, aad, JSON.stringify(['a'.repeat(16 * 1024 * 1024)]))
    expect(fromBase64Url(bomb.ct).length).toBeLessThan(100_000)
    const open = (sealed: unknown) => openSealedBatch({ privateJwk: server.privateJwk, sealed, deviceId, batchId })
    expect(await refusal(open(bomb))).toBe('too_large')
    // just under the cap still opens: the server's own 413 answers a batch a little over 2 MiB
    const near = sealIndependently(server.publicJwk, aad, JSON.stringify(['a'.repeat(MAX_OPENED_BYTES - 10)]))
    expect(await refusal(open(near))).toBe('opened')
  })

  it('refuses a payload that is not a JSON array', async () => {
    const aad = `${deviceId}.${batchId}`
    for (const json of ['{"mutations":[]}', 'not json']) {
      const sealed = sealIndependently(server.publicJwk, aad, json)
      expect(await refusal(openSealedBatch({ privateJwk: server.privateJwk, sealed, deviceId, batchId }))).toBe(
        'not_json',
      )
    }
  })

  it('will not seal past the protocol limits, which a locked device could not split', async () => {
    await expect(seal(new Array(501).fill(1))).rejects.toThrow(RangeError)
    await expect(seal(['x'.repeat(2 * 1024 * 1024)])).rejects.toThrow(RangeError)
  })

  it('matches an independent implementation of docs/sync-protocol-sealed.md, both ways', async () => {
    const mutations = registrationMutations(5)
    const aad = `${deviceId}.${batchId}`
    const theirs = sealIndependently(server.publicJwk, aad, JSON.stringify(mutations))
    expect(await openSealedBatch({ privateJwk: server.privateJwk, sealed: theirs, deviceId, batchId })).toEqual(
      JSON.parse(JSON.stringify(mutations)),
    )
    const ours: SealedBatch = await seal(mutations)
    expect(openIndependently(server.privateJwk, aad, ours)).toEqual(JSON.parse(JSON.stringify(mutations)))
  })

  it('costs the bytes of gzip JSON: 500 realistic registrations within 5%', async () => {
    const mutations = registrationMutations(500)
    expect(mutations.every((m) => registrationSchema.safeParse(m.data).success)).toBe(true)
    const sealed = await seal(mutations)
    const plainGzip = gzipSync(JSON.stringify(mutations)).length
    // the ciphertext is the gzip plus a 16-byte tag
    expect(fromBase64Url(sealed.ct).length).toBeLessThanOrEqual(plainGzip * 1.05)
    // on the wire the push body goes gzip-compressed too, which takes back base64url's third
    const envelope = { deviceId, batchId, queue: { pending: 0 } }
    const wirePlain = gzipSync(JSON.stringify({ ...envelope, mutations })).length
    const wireSealed = gzipSync(JSON.stringify({ ...envelope, sealed })).length
    expect(wireSealed).toBeLessThanOrEqual(wirePlain * 1.05)
  })
})
