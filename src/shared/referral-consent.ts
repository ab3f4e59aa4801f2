/**
 * Consent to sharing gates referrals, the same on the phone (before saving) and on the
 * server (store/consent.ts): a referral to anyone but an IOM unit (`to` not `iom_…`)
 * needs consent to share, from a person who consented to sharing with partners.
 * Referrals to IOM units stay within IOM and need neither.
 */
import { serverRule } from './schemas/rule-issue'

/** The consent rules of a referral, in words (GET /api/v1/schema): the server checks them at push (store/consent.ts). */
export const REFERRAL_CONSENT_RULES = {
  asked: serverRule(
    'consent_required',
    ['consentToShare', 'to'],
    'consentToShare is true when to is not an IOM unit (a code starting "iom_")',
  ),
  given: serverRule(
    'consent_required',
    ['consentToShare', 'to', 'registrationId'],
    'when to is not an IOM unit, the registration it names consented to sharing (consentProcessing and consentSharing true; an anonymous case never does)',
  ),
}

export const isIomUnit = (to: unknown): boolean => typeof to === 'string' && to.startsWith('iom_')

/** Whether this person may be referred outside IOM at all (an anonymous case never may). */
export const consentsToSharing = (person: { consentProcessing: boolean; consentSharing: boolean }): boolean =>
  person.consentProcessing && person.consentSharing

/** A chosen partner outside IOM (nothing chosen yet is not one). */
export const isOutsidePartner = (to: string): boolean => to !== '' && !isIomUnit(to)
