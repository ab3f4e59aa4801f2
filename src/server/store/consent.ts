/**
 * Consent to sharing gates referrals to partners (issue 4, Consent): a referral to
 * anyone but an IOM unit (`to` not `iom_…`) needs `consentToShare`, and a registration
 * that gave consent to sharing (an anonymous one never does). Referrals to IOM units
 * stay within IOM and need neither. A registration the server does not have yet
 * cannot be checked here; the device pushes a registration before its referrals.
 */
import { consentsToSharing, isIomUnit, REFERRAL_CONSENT_RULES } from '../../shared/referral-consent'
import type { RecordRule } from '../../shared/schemas/rule-issue'
import type { FieldError } from '../../shared/schemas/sync'
import type { RecordData, StoredRecord } from './records'

export function referralConsentErrors(referral: RecordData, registration: StoredRecord | undefined): FieldError[] {
  if (isIomUnit(referral.to)) return []
  const required = (rule: RecordRule, message: string): FieldError[] => [
    { path: [rule.fields[0]], code: rule.code, message },
  ]
  if (referral.consentToShare !== true) {
    return required(REFERRAL_CONSENT_RULES.asked, 'A referral to a partner needs consent to share')
  }
  const person = registration?.entity === 'registration' ? registration.data : null
  if (
    person &&
    !consentsToSharing({
      consentProcessing: person.consentProcessing === true,
      consentSharing: person.consentSharing === true,
    })
  ) {
    return required(REFERRAL_CONSENT_RULES.given, 'This person did not consent to sharing with partners')
  }
  return []
}
