/**
 * Consent to sharing gates referrals to partners (issue 4, Consent): a referral to
 * anyone but an IOM unit (`to` not `iom_…`) needs `consentToShare`, and a registration
 * that gave consent to sharing (an anonymous one never does). Referrals to IOM units
 * stay within IOM and need neither. A registration the server does not have yet
 * cannot be checked here; the device pushes a registration before its referrals.
 */
import { consentsToSharing, isIomUnit } from '../../shared/referral-consent'
import type { FieldError } from '../../shared/schemas/sync'
import type { RecordData, StoredRecord } from './records'

export function referralConsentErrors(referral: RecordData, registration: StoredRecord | undefined): FieldError[] {
  if (isIomUnit(referral.to)) return []
  const required = (message: string): FieldError[] => [{ path: ['consentToShare'], code: 'consent_required', message }]
  if (referral.consentToShare !== true) return required('A referral to a partner needs consent to share')
  const person = registration?.entity === 'registration' ? registration.data : null
  if (
    person &&
    !consentsToSharing({
      consentProcessing: person.consentProcessing === true,
      consentSharing: person.consentSharing === true,
    })
  ) {
    return required('This person did not consent to sharing with partners')
  }
  return []
}
