/** Test helpers for the data and sync layers: a fresh user database, and records of the entities tests/helpers lacks. */
import { newId } from '@/shared/ids'
import { openUserDb, type RelaisDb } from '@/data/db'
import type { VaultKeys } from '@/shared/crypto/vault'
import type { Assistance } from '@/shared/schemas/assistance'
import type { Referral } from '@/shared/schemas/referral'
import type { Survey } from '@/shared/schemas/survey'

/** A database of its own for each test: a new user id names a new IndexedDB database. */
export function freshDb(): RelaisDb {
  return openUserDb(`test-${newId()}`)
}

/** A database of its own whose records are sealed with `keys`, as on an unlocked phone. */
export function sealedDb(keys: VaultKeys): RelaisDb {
  const db = freshDb()
  db.keySource = () => keys
  return db
}

/** A database of its own sealed with `keys`, and a switch to lock it (nothing readable while locked). */
export function lockableDb(keys: VaultKeys): { db: RelaisDb; setLocked(locked: boolean): void } {
  const db = freshDb()
  let locked = false
  db.keySource = () => (locked ? null : keys)
  return { db, setLocked: (value) => (locked = value) }
}

const stamp = () => {
  const at = new Date().toISOString()
  return { id: newId(), createdAt: at, updatedAt: at }
}

export function assistance(overrides: Partial<Assistance> = {}): Assistance {
  return {
    ...stamp(),
    siteCode: 'AGZ-TC',
    registrationId: newId(),
    providedOn: '2026-11-29',
    type: 'nfi_hygiene_kit',
    quantity: 1,
    provider: 'IOM Agadez',
    providedBy: 'user-1',
    ...overrides,
  }
}

export function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    ...stamp(),
    siteCode: 'AGZ-TC',
    registrationId: newId(),
    to: 'iom_medical',
    reason: 'Persistent cough',
    urgency: 'urgent',
    consentToShare: true,
    sentOn: '2026-11-29',
    status: 'pending',
    statusOn: '2026-11-29',
    ...overrides,
  } as Referral
}

export function refusedSurvey(): Survey {
  return { ...stamp(), siteCode: 'SEG-FMP', interviewedOn: '2026-11-29', consent: false }
}

export function answeredSurvey(): Survey {
  return {
    ...stamp(),
    siteCode: 'SEG-FMP',
    interviewedOn: '2026-11-29',
    consent: true,
    age: 24,
    sex: 'male',
    maritalStatus: 'single',
    nationality: 'NGA',
    countryOfBirth: 'NGA',
    educationLevel: 'secondary',
    employmentBeforeLeaving: 'unemployed',
    originCountry: 'NGA',
    travellingInGroup: true,
    groupSize: 4,
    reasonsForLeaving: ['economic'],
    journeyCostKnown: false,
    previousAttempts: 0,
    difficulties: [],
    needs: ['water'],
  }
}
