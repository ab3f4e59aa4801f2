/** Writes of one draft that overlap (a delayed write, then Next's at once; a clear): the newest wins. */
import { beforeAll, describe, expect, it } from 'vitest'
import { clearDraft, loadDraft, saveDraft } from '@/data/drafts'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { sealedDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

describe('overlapping draft writes', () => {
  it('keeps the newest values when an older, longer write finishes sealing last', async () => {
    const db = sealedDb(keys)
    const older = saveDraft(db, 'registration:new', { step: 'consent', notes: 'x'.repeat(4_000_000) })
    const newer = saveDraft(db, 'registration:new', { step: 'identity', notes: '' })
    await Promise.all([older, newer])
    expect(await loadDraft(db, 'registration:new')).toEqual({ step: 'identity', notes: '' })
  })

  it('does not bring a cleared draft back when a write was still sealing', async () => {
    const db = sealedDb(keys)
    const writing = saveDraft(db, 'registration:new', { step: 'identity' })
    await clearDraft(db, 'registration:new')
    await writing
    expect(await loadDraft(db, 'registration:new')).toBeUndefined()
  })

  it('writes again after a clear', async () => {
    const db = sealedDb(keys)
    await saveDraft(db, 'registration:new', { step: 'identity' })
    await clearDraft(db, 'registration:new')
    await saveDraft(db, 'registration:new', { step: 'consent' })
    expect(await loadDraft(db, 'registration:new')).toEqual({ step: 'consent' })
  })
})
