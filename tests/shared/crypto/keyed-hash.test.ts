import { describe, expect, it } from 'vitest'
import { keyedHash, normalizeForIndex } from '@/shared/crypto/keyed-hash'
import { nameVariants } from './fixtures'

const hmacKey = () => crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign'])

describe('normalizeForIndex', () => {
  it.each([
    ['  Aïchatou  TRAORÉ ', 'aichatou traore'],
    ['Ouédraogo', 'ouedraogo'],
    ['KEÏTA', 'keita'],
    ['Mamadou\tDiallo\n', 'mamadou diallo'],
    ['Aïssata', 'aissata'],
    ['Aïssata'.normalize('NFD'), 'aissata'],
    ['Ｍｏｕｓｓａ', 'moussa'], // full-width letters, compatibility-decomposed
    ['İbrahim', 'ibrahim'],
    ["N'Diaye-Sow", "n'diaye-sow"], // punctuation is kept: exact look-ups only
  ])('%j → %j', (text, normalized) => {
    expect(normalizeForIndex(text)).toBe(normalized)
  })
})

describe('keyedHash', () => {
  it('is stable for one key and text, and the same for spellings that normalise alike', async () => {
    const key = await hmacKey()
    const hash = await keyedHash(key, 'Aïchatou Traoré')
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await keyedHash(key, 'Aïchatou Traoré')).toBe(hash)
    expect(await keyedHash(key, '  AICHATOU   traore ')).toBe(hash)
  })

  it('differs under another key: a copied database cannot test guesses without it', async () => {
    expect(await keyedHash(await hmacKey(), 'Moussa')).not.toBe(await keyedHash(await hmacKey(), 'Moussa'))
  })

  it('is exact only: each distinct spelling of the name variants hashes apart', async () => {
    const key = await hmacKey()
    const variants = nameVariants()
    expect(variants.length).toBeGreaterThan(100)
    const byNormalized = new Map<string, string>()
    for (const { spelling } of variants) {
      const hash = await keyedHash(key, spelling)
      const normalized = normalizeForIndex(spelling)
      // spellings that differ only by accents or case share a hash; any other difference does not
      expect(byNormalized.get(normalized) ?? hash).toBe(hash)
      byNormalized.set(normalized, hash)
    }
    expect(new Set(byNormalized.values()).size).toBe(byNormalized.size)
    expect(await keyedHash(key, 'Aïssata')).toBe(await keyedHash(key, 'Aissata'))
    expect(await keyedHash(key, 'Mohamed')).not.toBe(await keyedHash(key, 'Mohammed'))
  })
})
