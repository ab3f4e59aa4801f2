/** Valid referral, assistance and case-event records for the server tests (the shared fixtures hold registrations and tallies). */
import { newId } from '@/shared/ids'
import type { Assistance } from '@/shared/schemas/assistance'
import type { CaseEvent } from '@/shared/schemas/case-event'
import type { Referral } from '@/shared/schemas/referral'

const now = () => new Date().toISOString()

export function referral(registrationId: string, overrides: Partial<Referral> = {}): Referral {
  const at = now()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'AGZ-TC',
    registrationId,
    to: 'unhcr',
    reason: 'Asylum claim',
    urgency: 'routine',
    consentToShare: true,
    sentOn: '2026-11-29',
    status: 'pending',
    statusOn: '2026-11-29',
    ...overrides,
  }
}

export function assistance(registrationId: string, overrides: Partial<Assistance> = {}): Assistance {
  const at = now()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'AGZ-TC',
    registrationId,
    providedOn: '2026-11-29',
    type: 'food',
    quantity: 1,
    provider: 'IOM',
    providedBy: 'user-1',
    ...overrides,
  }
}

export function caseEvent(registrationId: string, overrides: Partial<CaseEvent> = {}): CaseEvent {
  const at = now()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'AGZ-TC',
    registrationId,
    kind: 'edited',
    sections: ['identity'],
    at,
    by: 'user-1',
    ...overrides,
  }
}
