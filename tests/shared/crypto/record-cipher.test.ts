import { describe, expect, it } from 'vitest'
import { RecordDecryptError } from '@/shared/crypto/errors'
import { decryptJson, encryptJson, type Sealed } from '@/shared/crypto/record-cipher'
import { newId } from '@/shared/ids'
import { namedRegistration } from '../../helpers/records'

const aesKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])

/** Puts a value into a fresh fake-indexeddb store and reads it back through structured clone. */
async function throughIndexedDb<T>(value: T): Promise<T> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(`cipher-${newId()}`, 1)
    open.onupgradeneeded = () => open.result.createObjectStore('rows')
    open.onsuccess = () => resolve(open.result)
    open.onerror = () => reject(open.error)
  })
  const request = <R>(make: (store: IDBObjectStore) => IDBRequest<R>) =>
    new Promise<R>((resolve, reject) => {
      const req = make(db.transaction('rows', 'readwrite').objectStore('rows'))
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
  await request((store) => store.put(value, 'row'))
  const back = (await request((store) => store.get('row'))) as T
  db.close()
  return back
}

const flip = (bytes: Uint8Array, at: number) => {
  const copy = new Uint8Array(bytes)
  copy[at] = (copy[at] ?? 0) ^ 0x01
  return copy
}

describe('record cipher', () => {
  it('round-trips a registration, also through IndexedDB', async () => {
    const key = await aesKey()
    const record = namedRegistration()
    const sealed = await encryptJson(key, `registration:${record.id}`, record)
    expect(sealed).toMatchObject({ v: 1 })
    expect(sealed.iv).toHaveLength(12)
    expect(sealed.ct.buffer.byteLength).toBe(sealed.ct.length)

    const stored = await throughIndexedDb(sealed)
    expect(await decryptJson(key, `registration:${record.id}`, stored)).toEqual(record)
  })

  it('leaves no trace of the plaintext in the ciphertext', async () => {
    const sealed = await encryptJson(await aesKey(), 'r', { givenName: 'Aïchatou', familyName: 'Traoré' })
    const bytes = Buffer.from(sealed.ct).toString('latin1')
    expect(bytes).not.toContain('Traor')
    expect(bytes).not.toContain('givenName')
  })

  it('uses a fresh IV on every call, each in a buffer of its own, across blocks of drawn IVs', async () => {
    const key = await aesKey()
    const runs = await Promise.all(Array.from({ length: 600 }, () => encryptJson(key, 'r', { same: 'value' })))
    expect(new Set(runs.map((run) => Buffer.from(run.iv).toString('hex'))).size).toBe(600)
    expect(new Set(runs.map((run) => Buffer.from(run.ct).toString('hex'))).size).toBe(600)
    for (const run of runs.slice(0, 20)) expect(run.iv.buffer.byteLength).toBe(12)
    expect(runs.some((run) => run.iv.every((byte) => byte === 0))).toBe(false)
  })

  it('refuses any altered byte of the IV, the ciphertext or the tag', async () => {
    const key = await aesKey()
    const sealed = await encryptJson(key, 'r', { vulnerabilities: ['unaccompanied_child'] })
    const altered: Sealed[] = [
      { ...sealed, iv: flip(sealed.iv, 0) },
      { ...sealed, ct: flip(sealed.ct, 0) },
      { ...sealed, ct: flip(sealed.ct, sealed.ct.length - 1) },
      { ...sealed, ct: sealed.ct.slice(0, -1) },
    ]
    for (const value of altered) await expect(decryptJson(key, 'r', value)).rejects.toBeInstanceOf(RecordDecryptError)
  })

  it("refuses another record's additional data, another key, or an unknown version", async () => {
    const key = await aesKey()
    const sealed = await encryptJson(key, 'registration:a', { givenName: 'Moussa' })
    await expect(decryptJson(key, 'registration:b', sealed)).rejects.toBeInstanceOf(RecordDecryptError)
    await expect(decryptJson(await aesKey(), 'registration:a', sealed)).rejects.toBeInstanceOf(RecordDecryptError)
    const future = { ...sealed, v: 2 } as unknown as Sealed
    await expect(decryptJson(key, 'registration:a', future)).rejects.toBeInstanceOf(RecordDecryptError)
  })

  it('refuses a value JSON cannot carry', async () => {
    await expect(encryptJson(await aesKey(), 'r', undefined)).rejects.toThrow(TypeError)
  })
})
