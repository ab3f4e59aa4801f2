/** Valid records of each entity, for tests: each passes its shared schema as built. */
import { newId } from '@/shared/ids'
import type { FlowCount } from '@/shared/schemas/flow-count'
import type { FmpStatus } from '@/shared/schemas/fmp-status'
import type { AnonymousRegistration, NamedRegistration } from '@/shared/schemas/registration'

const now = () => new Date().toISOString()

export function namedRegistration(overrides: Partial<NamedRegistration> = {}): NamedRegistration {
  const at = now()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'AGZ-TC',
    registeredOn: '2026-11-29',
    entryChannel: 'walk_in',
    registeredBy: 'user-1',
    consentProcessing: true,
    consentSharing: true,
    consentDate: '2026-11-29',
    givenName: 'Aïchatou',
    familyName: 'Traoré',
    aliases: [],
    sex: 'female',
    dateOfBirth: '1998-01-01',
    dateOfBirthEstimated: true,
    nationality: 'MLI',
    languages: [],
    vulnerabilities: ['single_woman'],
    caseStatus: 'registered',
    ...overrides,
  }
}

export function anonymousRegistration(overrides: Partial<AnonymousRegistration> = {}): AnonymousRegistration {
  const at = now()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'AGZ-TC',
    registeredOn: '2026-11-29',
    entryChannel: 'search_rescue',
    registeredBy: 'user-1',
    consentProcessing: false,
    consentSharing: false,
    consentDate: '2026-11-29',
    sex: 'male',
    ageGroup: '12_17',
    nationality: 'NGA',
    vulnerabilities: ['unaccompanied_child'],
    caseStatus: 'registered',
    ...overrides,
  }
}

export function flowCount(overrides: Partial<FlowCount> = {}): FlowCount {
  const at = now()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'SEG-FMP',
    observedAt: '2026-11-29T09:30:00.000+01:00',
    direction: 'outgoing',
    transport: 'truck',
    departureCountry: 'NER',
    destinationCountry: 'LBY',
    flowType: 'economic_long_term',
    men: 12,
    women: 3,
    boys: 2,
    girls: 1,
    unaccompaniedChildren: 1,
    childrenUnder5: 0,
    elderly: 0,
    pregnantWomen: 1,
    withDisability: 0,
    total: 18,
    nationalities: [
      { country: 'NGA', count: 10 },
      { country: 'MLI', count: 6 },
      { country: 'OOO', count: 2 },
    ],
    ...overrides,
  }
}

/** The FMP closed (or with no flow) for a period: 06:00–18:00 on 29 Nov 2026 at the site by default. */
export function fmpStatus(overrides: Partial<FmpStatus> = {}): FmpStatus {
  const at = now()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'SEG-FMP',
    kind: 'closed',
    from: '2026-11-29T06:00:00.000+01:00',
    to: '2026-11-29T18:00:00.000+01:00',
    ...overrides,
  }
}
