/** Writes of one draft that overlap (a delayed write, then Next's at once; a clear): the newest wins. */
import { beforeAll, describe, expect, it } from 'vitest'
import { openUserDb, type RelaisDb } from '@/data/db'
import { clearDraft, loadDraft, saveDraft } from '@/data/drafts'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

/** A protected database: each write seals its values first, so writes can overlap. */
function protectedDb(): RelaisDb {
  const db = openUserDb(`drafts-${newId()}`)
  db.keySource = () => keys
  return db
}

describe('overlapping draft writes', () => {
  it('keeps the newest values when an older, longer write finishes sealing last', async () => {
    const db = protectedDb()
    const older = saveDraft(db, 'registration:new', { step: 'consent', notes: 'x'.repeat(4_000_000) })
    const newer = saveDraft(db, 'registration:new', { step: 'identity', notes: '' })
    await Promise.all([older, newer])
    expect(await loadDraft(db, 'registration:new')).toEqual({ step: 'identity', notes: '' })
  })

  it('does not bring a cleared draft back when a write was still sealing', async () => {
    const db = protectedDb()
    const writing = saveDraft(db, 'registration:new', { step: 'identity' })
    await clearDraft(db, 'registration:new')
    await writing
    expect(await loadDraft(db, 'registration:new')).toBeUndefined()
  })

  it('writes again after a clear', async () => {
    const db = protectedDb()
    await saveDraft(db, 'registration:new', { step: 'identity' })
    await clearDraft(db, 'registration:new')
    await saveDraft(db, 'registration:new', { step: 'consent' })
    expect(await loadDraft(db, 'registration:new')).toEqual({ step: 'consent' })
  })
})
