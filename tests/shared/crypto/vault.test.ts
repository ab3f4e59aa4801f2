import { describe, expect, it } from 'vitest'
import { fromBase64Url, toBase64Url, utf8 } from '@/shared/crypto/encoding'
import { VaultFormatError, WrongPassphraseError } from '@/shared/crypto/errors'
import { keyedHash, normalizeForIndex } from '@/shared/crypto/keyed-hash'
import { DEFAULT_PBKDF2_ITERATIONS } from '@/shared/crypto/passphrase-kdf'
import { decryptJson, encryptJson } from '@/shared/crypto/record-cipher'
import { createVault, openVault, rewrapVault } from '@/shared/crypto/vault'
import type { StoredVault } from '@/shared/crypto/vault-format'
import { FAST } from './fixtures'

const PASSPHRASE = 'sable-rouge-Agadez-2026'

/** Unwraps one key by hand, from the format in vault.ts's header: the test's second implementation. */
async function rawKey(stored: StoredVault, passphrase: string, which: 'data' | 'index'): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ])
  const pbkdf2 = { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64Url(stored.salt), iterations: stored.iterations }
  const kek = await crypto.subtle.deriveKey(pbkdf2, material, { name: 'AES-GCM', length: 256 }, false, ['decrypt'])
  const wrapped = fromBase64Url(which === 'data' ? stored.wrappedDataKey : stored.wrappedIndexKey)
  const aad = utf8(`relais-vault:v1:${which}:${stored.iterations}:${stored.salt}`)
  const params = { name: 'AES-GCM', iv: wrapped.slice(0, 12), additionalData: aad }
  return new Uint8Array(await crypto.subtle.decrypt(params, kek, wrapped.slice(12)))
}

describe('vault', () => {
  it('opens with the passphrase it was made with, giving the same keys', async () => {
    const { stored, keys } = await createVault(PASSPHRASE, FAST)
    const sealed = await encryptJson(keys.dataKey, 'registration:1', { givenName: 'Aïchatou' })

    const reopened = await openVault(stored, PASSPHRASE)
    expect(await decryptJson(reopened.dataKey, 'registration:1', sealed)).toEqual({ givenName: 'Aïchatou' })
    expect(await keyedHash(reopened.indexKey, 'Traoré')).toBe(await keyedHash(keys.indexKey, 'Traoré'))
  })

  it('hands out non-extractable keys only', async () => {
    const { stored, keys } = await createVault(PASSPHRASE, FAST)
    const reopened = await openVault(stored, PASSPHRASE)
    for (const key of [keys.dataKey, keys.indexKey, reopened.dataKey, reopened.indexKey]) {
      expect(key.extractable).toBe(false)
      await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow()
    }
  })

  it('refuses a wrong passphrase with WrongPassphraseError and nothing else', async () => {
    const { stored } = await createVault(PASSPHRASE, FAST)
    const error = await openVault(stored, 'sable-rouge-agadez-2026').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WrongPassphraseError)
    expect(String(error)).toBe('WrongPassphraseError: Wrong passphrase')
  })

  it('treats an altered vault like a wrong passphrase: swapped keys, changed iterations', async () => {
    const { stored } = await createVault(PASSPHRASE, FAST)
    const swapped = { ...stored, wrappedDataKey: stored.wrappedIndexKey, wrappedIndexKey: stored.wrappedDataKey }
    await expect(openVault(swapped, PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphraseError)
    await expect(openVault({ ...stored, iterations: 999 }, PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphraseError)
  })

  it('refuses an unknown version or a malformed vault with VaultFormatError', async () => {
    const { stored } = await createVault(PASSPHRASE, FAST)
    const bad: unknown[] = [{ ...stored, v: 2 }, { ...stored, salt: 'AAAA' }, { ...stored, wrappedDataKey: 'x' }, null]
    for (const vault of bad) {
      await expect(openVault(vault as StoredVault, PASSPHRASE)).rejects.toBeInstanceOf(VaultFormatError)
    }
  })

  it('keeps no key material in clear in the stored form', async () => {
    const { stored, keys } = await createVault(PASSPHRASE, FAST)
    const json = JSON.stringify(stored)
    const dataKey = await rawKey(stored, PASSPHRASE, 'data')
    const indexKey = await rawKey(stored, PASSPHRASE, 'index')

    // the bytes recovered by hand are the real keys...
    const sealed = await encryptJson(keys.dataKey, 'r', 'x')
    const imported = await crypto.subtle.importKey('raw', new Uint8Array(dataKey), 'AES-GCM', false, ['decrypt'])
    expect(await decryptJson(imported, 'r', sealed)).toBe('x')
    const hmac = { name: 'HMAC', hash: 'SHA-256' }
    const index = await crypto.subtle.importKey('raw', new Uint8Array(indexKey), hmac, false, ['sign'])
    expect(await keyedHash(index, 'Moussa')).toBe(await keyedHash(keys.indexKey, 'Moussa'))
    // ...and appear nowhere in the stored JSON, in any usual encoding
    for (const raw of [dataKey, indexKey]) {
      expect(raw).toHaveLength(32)
      const buffer = Buffer.from(raw)
      for (const text of [toBase64Url(raw), buffer.toString('base64'), buffer.toString('hex')]) {
        expect(json).not.toContain(text.slice(0, 16))
      }
    }
    expect(Object.keys(stored).sort()).toEqual(
      ['iterations', 'kdf', 'salt', 'v', 'wrap', 'wrappedDataKey', 'wrappedIndexKey'].sort(),
    )
  })

  it('derives 600,000 PBKDF2 iterations by default', async () => {
    const { stored } = await createVault(PASSPHRASE)
    expect(DEFAULT_PBKDF2_ITERATIONS).toBe(600_000)
    expect(stored.iterations).toBe(600_000)
    expect(stored).toMatchObject({ v: 1, kdf: 'PBKDF2-SHA256', wrap: 'AES-256-GCM' })
    expect(fromBase64Url(stored.salt)).toHaveLength(16)
  })

  it('refuses fewer than 600,000 iterations unless the option says unsafe', async () => {
    for (const iterations of [1_000, 599_999, 600_000.5, Number.NaN]) {
      await expect(createVault(PASSPHRASE, { iterations })).rejects.toThrow(RangeError)
    }
    await expect(createVault(PASSPHRASE, { iterations: 1_000_000, ...FAST })).rejects.toThrow(RangeError)
    await expect(createVault('', FAST)).rejects.toThrow(RangeError)
    expect((await createVault(PASSPHRASE, FAST)).stored.iterations).toBe(1_000)
  })

  it('gets the same key from a passphrase typed composed or decomposed', async () => {
    const { stored } = await createVault('Niamey café', FAST)
    await expect(openVault(stored, 'Niamey cafe\u0301')).resolves.toBeDefined()
  })

  it('rewraps the same keys under a new passphrase with a fresh salt', async () => {
    const { stored, keys } = await createVault(PASSPHRASE, FAST)
    const sealed = await encryptJson(keys.dataKey, 'draft:7', { notes: 'before the change' })

    const rewrapped = await rewrapVault(await openVault(stored, PASSPHRASE), 'nouveau-mot-de-passe', FAST)
    expect(rewrapped.salt).not.toBe(stored.salt)
    await expect(openVault(rewrapped, PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphraseError)
    const reopened = await openVault(rewrapped, 'nouveau-mot-de-passe')
    expect(await decryptJson(reopened.dataKey, 'draft:7', sealed)).toEqual({ notes: 'before the change' })
    expect(await keyedHash(reopened.indexKey, 'Issa')).toBe(await keyedHash(keys.indexKey, normalizeForIndex('ISSA')))
    expect(reopened.dataKey.extractable).toBe(false)
  })

  it('rewraps only keys it unwrapped itself', async () => {
    const { keys } = await createVault(PASSPHRASE, FAST)
    await expect(rewrapVault({ ...keys }, 'other', FAST)).rejects.toThrow(TypeError)
  })
})
