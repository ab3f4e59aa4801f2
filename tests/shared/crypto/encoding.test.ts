import { describe, expect, it } from 'vitest'
import { concatBytes, fromBase64Url, fromUtf8, toBase64Url, utf8 } from '@/shared/crypto/encoding'

describe('base64url', () => {
  it('matches RFC 4648 base64url without padding, for every length mod 3', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 70_000]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 7919 + length) % 256)
      expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
      expect(Buffer.from(fromBase64Url(toBase64Url(bytes))).equals(bytes)).toBe(true)
    }
  })

  it('refuses padding, the standard alphabet and impossible lengths', () => {
    for (const text of ['AA==', 'a+b/', 'abcde', 'ab cd']) expect(() => fromBase64Url(text)).toThrow(TypeError)
  })
})

describe('utf8', () => {
  it('round-trips accents and refuses malformed bytes', () => {
    expect(fromUtf8(utf8('Aïchatou Traoré'))).toBe('Aïchatou Traoré')
    expect(() => fromUtf8(new Uint8Array([0xc3]))).toThrow(TypeError)
  })

  it('concatenates into a buffer of exactly the parts', () => {
    const joined = concatBytes(new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3]))
    expect([...joined]).toEqual([1, 2, 3])
    expect(joined.buffer.byteLength).toBe(3)
  })
})
