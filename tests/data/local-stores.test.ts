import { describe, expect, it } from 'vitest'
import { clearDraft, loadDraft, saveDraft } from '@/data/drafts'
import { listSites, replaceSites } from '@/data/sites'
import { getSyncStatus, initialSyncStatus, updateSyncStatus } from '@/data/sync-status'
import type { Site } from '@/shared/schemas/site'
import { freshDb } from './fixtures'

const site = (code: string, name: string): Site => ({
  code,
  name,
  kind: 'transit_centre',
  adm1: 'Agadez',
  lat: null,
  lon: null,
  active: true,
})

describe('drafts', () => {
  it('keeps in-progress values until cleared', async () => {
    const db = freshDb()
    await saveDraft(db, 'registration:new', { givenName: 'Aï' })
    await saveDraft(db, 'registration:new', { givenName: 'Aïcha' })
    expect(await loadDraft<{ givenName: string }>(db, 'registration:new')).toEqual({ givenName: 'Aïcha' })
    await clearDraft(db, 'registration:new')
    expect(await loadDraft(db, 'registration:new')).toBeUndefined()
  })
})

describe('sites', () => {
  it('replaces the whole list and lists by name', async () => {
    const db = freshDb()
    await replaceSites(db, [site('OLD-TC', 'Old')])
    await replaceSites(db, [site('DRK-TC', 'Dirkou'), site('AGZ-TC', 'Agadez')])
    expect((await listSites(db)).map((s) => s.code)).toEqual(['AGZ-TC', 'DRK-TC'])
  })
})

describe('sync status', () => {
  it('starts from defaults and merges updates', async () => {
    const db = freshDb()
    expect(await getSyncStatus(db)).toEqual(initialSyncStatus)
    await updateSyncStatus(db, { running: true })
    await updateSyncStatus(db, { progress: { sent: 1, total: 2 } })
    expect(await getSyncStatus(db)).toMatchObject({
      running: true,
      progress: { sent: 1, total: 2 },
      needsSignIn: false,
    })
  })
})
