/**
 * Consent to sharing gates referrals (the server's rule, store/consent.ts, said here
 * before saving): a referral to anyone but an IOM unit needs consent to share, and a
 * person who consented to sharing with partners.
 */
import type { Referral } from '@/shared/schemas/referral'
import type { Registration } from '@/shared/schemas/registration'

export const isOutsidePartner = (to: Referral['to'] | '') => to !== '' && !to.startsWith('iom_')

/** Whether this person may be referred outside IOM at all. */
export const consentsToSharing = (person: Registration) => person.consentProcessing && person.consentSharing
