/** Cases and their linked records for the case file's screen tests. */
import type { RelaisDb } from '@/data/db'
import { saveRecord } from '@/data/records'
import { siteDay } from '@/shared/site-time'
import type { NamedRegistration, Registration } from '@/shared/schemas/registration'
import { assistance, caseEvent, referral } from '../../server/helpers/case-records'
import { namedRegistration } from '../../helpers/records'

export { assistance, caseEvent, referral }

/** A day `days` before today at the site. */
export const daysAgo = (days: number) => siteDay(new Date(Date.now() - days * 86_400_000))

export function person(overrides: Partial<NamedRegistration> = {}): NamedRegistration {
  return namedRegistration({
    caseNumber: 'AGZ-7K-0042',
    givenName: 'Mamadou',
    familyName: 'Diallo',
    sex: 'male',
    dateOfBirth: '1998-03-14',
    dateOfBirthEstimated: false,
    nationality: 'GIN',
    vulnerabilities: ['serious_medical_condition'],
    phone: '+227 90 00 00 00',
    document: { type: 'passport', number: 'GN1234567' },
    ...overrides,
  })
}

export async function seedCase(db: RelaisDb, record: Registration = person()): Promise<void> {
  await saveRecord(db, 'registration', record)
}
