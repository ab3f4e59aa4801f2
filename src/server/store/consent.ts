/**
 * Consent to sharing gates referrals to partners (issue 4, Consent): a referral to
 * anyone but an IOM unit (`to` not `iom_…`) needs `consentToShare`, and a registration
 * that gave consent to sharing (an anonymous one never does). Referrals to IOM units
 * stay within IOM and need neither. A registration the server does not have yet
 * cannot be checked here; the device pushes a registration before its referrals.
 */
import type { FieldError } from '../../shared/schemas/sync'
import type { RecordData, StoredRecord } from './records'

export const isIomUnit = (to: unknown) => typeof to === 'string' && to.startsWith('iom_')

export function referralConsentErrors(referral: RecordData, registration: StoredRecord | undefined): FieldError[] {
  if (isIomUnit(referral.to)) return []
  const required = (message: string): FieldError[] => [{ path: ['consentToShare'], code: 'consent_required', message }]
  if (referral.consentToShare !== true) return required('A referral to a partner needs consent to share')
  const person = registration?.entity === 'registration' ? registration.data : null
  if (person && (person.consentSharing !== true || person.consentProcessing !== true)) {
    return required('This person did not consent to sharing with partners')
  }
  return []
}
