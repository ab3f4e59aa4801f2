/**
 * A withdrawal of consent recorded on another phone (or, for a merged duplicate, by the
 * server) takes this phone's drafts of the case along when it arrives: the case's
 * `consent_withdrawn` event, pulled, clears what was half-typed here about the person
 * (an edit of the case, a panel's notes), as the phone that recorded the withdrawal
 * does for its own. Other events, and the drafts of other cases, leave them. On an
 * encrypted database in fake-indexeddb.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { saveDraft } from '@/data/drafts'
import { applyPulledChanges } from '@/data/pull-apply'
import { withoutPersonalData } from '@/shared/case-rules'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'
import type { Entity } from '@/shared/schemas/entities'
import type { Change } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { sealedDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const pulled = (entity: Entity, data: { id: string } & Record<string, unknown>, rev = 1): Change => ({
  entity,
  recordId: data.id,
  rev,
  deleted: false,
  data,
})

const event = (registrationId: string, kind: string) => {
  const at = new Date().toISOString()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'AGZ-TC',
    registrationId,
    kind,
    at,
    by: 'user-2',
    ...(kind === 'edited' ? { sections: ['identity'] } : {}),
  }
}

describe('drafts of a case whose person withdrew consent on another phone', () => {
  it('go when the withdrawal is pulled; those of other cases and other events stay', async () => {
    const db = sealedDb(keys)
    const person = namedRegistration({ givenName: 'Hadiza' })
    const other = namedRegistration({ givenName: 'Aïcha' })
    await applyPulledChanges(db, [pulled('registration', person), pulled('registration', other)], 'c1')
    await saveDraft(db, `registration:edit:${person.id}`, { givenName: 'Hadiza', phone: '+227 90' })
    await saveDraft(db, `caseFile:assistance:${person.id}`, { notes: 'Hadiza fears her uncle' })
    await saveDraft(db, `registration:edit:${other.id}`, { givenName: 'Aïc' })

    await applyPulledChanges(db, [pulled('caseEvent', event(person.id, 'edited'))], 'c2')
    expect(await db.drafts.count()).toBe(3)

    await applyPulledChanges(
      db,
      [
        pulled('registration', withoutPersonalData(person, '2026-12-01'), 2),
        pulled('caseEvent', event(person.id, 'consent_withdrawn')),
      ],
      'c3',
    )
    expect(await db.drafts.toCollection().primaryKeys()).toEqual([`registration:edit:${other.id}`])
  })
})
