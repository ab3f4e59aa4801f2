/**
 * Consent to sharing gates referrals, the same on the phone (before saving) and on the
 * server (store/consent.ts): a referral to anyone but an IOM unit (`to` not `iom_…`)
 * needs consent to share, from a person who consented to sharing with partners.
 * Referrals to IOM units stay within IOM and need neither.
 */
export const isIomUnit = (to: unknown): boolean => typeof to === 'string' && to.startsWith('iom_')

/** Whether this person may be referred outside IOM at all (an anonymous case never may). */
export const consentsToSharing = (person: { consentProcessing: boolean; consentSharing: boolean }): boolean =>
  person.consentProcessing && person.consentSharing

/** A chosen partner outside IOM (nothing chosen yet is not one). */
export const isOutsidePartner = (to: string): boolean => to !== '' && !isIomUnit(to)
