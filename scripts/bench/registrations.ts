/**
 * Realistic registrations for the bench: varied names, nationalities, ages,
 * vulnerabilities and case files, from a seeded generator (the same 50,000 every run),
 * each one valid against the shared schema.
 */
import { v7 } from 'uuid'
import { registrationSchema, type Registration } from '../../src/shared/schemas/registration'
import {
  ABUSES,
  AVRR_CATEGORIES,
  EDUCATION_LEVELS,
  ENTRY_CHANNELS,
  HOUSEHOLD_RELATIONSHIPS,
  INTENTIONS,
  MARITAL_STATUSES,
  REASONS_FOR_LEAVING,
  TRAVEL_DOCUMENT_STATUSES,
  VULNERABILITIES,
} from '../../src/shared/schemas/codes'

const GIVEN_FEMALE = [
  'Aïchatou',
  'Fatouma',
  'Mariama',
  'Hadiza',
  'Rakia',
  'Zeinabou',
  'Aminata',
  'Kadidiatou',
  'Safiatou',
  'Blessing',
  'Chioma',
  'Awa',
  'Fanta',
  'Djenabou',
  'Ramatou',
]
const GIVEN_MALE = [
  'Moussa',
  'Ibrahim',
  'Abdoulaye',
  'Mamadou',
  'Issoufou',
  'Oumarou',
  'Seydou',
  'Chinedu',
  'Emeka',
  'Lamine',
  'Boubacar',
  'Souleymane',
  'Yacouba',
  'Kwame',
  'Ousmane',
  'Alhassane',
]
const FAMILY = [
  'Traoré',
  'Diallo',
  'Koné',
  'Ouédraogo',
  'Sawadogo',
  'Coulibaly',
  'Camara',
  'Keïta',
  'Sow',
  'Bah',
  'Okafor',
  'Adeyemi',
  'Mahamadou',
  'Abdou',
  'Hamani',
  'Issa',
  'Sangaré',
  'Touré',
  'Cissé',
  'Mensah',
  'Ndiaye',
  'Barry',
]
/** Roughly the mix seen at Niger's transit centres: mostly West African nationals. */
const NATIONALITIES: [string, number][] = [
  ['NGA', 18],
  ['MLI', 16],
  ['GIN', 14],
  ['SEN', 9],
  ['CIV', 9],
  ['BFA', 8],
  ['CMR', 7],
  ['GMB', 6],
  ['NER', 4],
  ['SLE', 3],
  ['GHA', 2],
  ['TCD', 2],
  ['SDN', 1],
  ['OOO', 1],
]
const TOWNS = ['Kano', 'Bamako', 'Conakry', 'Dakar', 'Abidjan', 'Ouagadougou', 'Douala', 'Banjul', 'Zinder', 'Freetown']
const SITES = ['AGZ-TC', 'ARL-TC', 'DRK-TC', 'NIA-TC1', 'NIA-TC2']
const LANGUAGES = ['hausa', 'french', 'english', 'bambara', 'fulfulde', 'wolof', 'soussou', 'malinke']
const OCCUPATIONS = ['Mécanicien', 'Cultivateur', 'Commerçante', 'Élève', 'Tailleur', 'Chauffeur', 'Maçon', 'Coiffeuse']
const ALIASES = ['Baba', 'Papi', 'Tanko', 'Maman', 'Big Ibro', 'Petit Moussa']
const ORIGINS = ['NGA', 'MLI', 'GIN', 'SEN', 'CIV', 'BFA', 'CMR', 'GMB']

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `full`: every named case with every section of data-model.md filled (identity, document,
 * household, migration journey, AVRR), as the wire budget of issue 11 asks; otherwise the
 * mix of a centre's day, where many sections stay empty.
 */
export function makeRegistrations(
  count: number,
  registeredBy: string,
  seed = 2026,
  { full = false }: { full?: boolean } = {},
): Registration[] {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const some = <T>(list: readonly T[], chance: number, max: number): T[] =>
    [...new Set(Array.from({ length: max }, () => (random() < chance ? pick(list) : undefined)))].filter(
      (x): x is T => x !== undefined,
    )
  const weighted = (): string => {
    let roll = random() * NATIONALITIES.reduce((sum, [, w]) => sum + w, 0)
    for (const [code, weight] of NATIONALITIES) if ((roll -= weight) < 0) return code
    return 'OOO'
  }
  const day = (start: number, spanDays: number) =>
    new Date(start + Math.floor(random() * spanDays) * 86_400_000).toISOString().slice(0, 10)
  const base = Date.parse('2026-01-01T00:00:00Z')

  const records = Array.from({ length: count }, (): Registration => {
    const registeredOn = day(base, 330)
    const at = `${registeredOn}T${String(7 + Math.floor(random() * 11)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00.000Z`
    const sex = random() < 0.72 ? 'male' : 'female'
    const nationality = weighted()
    const common = {
      id: v7(),
      createdAt: at,
      updatedAt: at,
      siteCode: pick(SITES),
      registeredOn,
      entryChannel: pick(ENTRY_CHANNELS),
      registeredBy,
      consentDate: registeredOn,
      sex,
      nationality,
      vulnerabilities: some(VULNERABILITIES, 0.18, 3),
      caseStatus: 'registered',
    } as const
    if (random() < 0.08) {
      // no consent to processing: an anonymous, counted record
      return {
        ...common,
        consentProcessing: false,
        consentSharing: false,
        ageGroup: pick(['12_17', '18_59', '60_plus'] as const),
      }
    }
    const record: Registration = {
      ...common,
      consentProcessing: true,
      consentSharing: random() < 0.85,
      givenName: pick(sex === 'female' ? GIVEN_FEMALE : GIVEN_MALE),
      familyName: pick(FAMILY),
      aliases: random() < 0.1 ? [pick(GIVEN_MALE)] : [],
      dateOfBirth: day(Date.parse('1966-01-01T00:00:00Z'), 365 * 42),
      dateOfBirthEstimated: random() < 0.4,
      languages: some(LANGUAGES, 0.6, 2),
    }
    if (full) return fillEverySection(record, random)
    if (random() < 0.55)
      record.phone = `+227 9${Math.floor(random() * 10)} ${String(Math.floor(random() * 1e6)).padStart(6, '0')}`
    if (random() < 0.5) record.document = { type: 'passport', number: `A${Math.floor(random() * 1e7)}` }
    if (random() < 0.7) {
      record.migration = {
        originCountry: nationality === 'OOO' ? 'NGA' : nationality,
        originTown: pick(TOWNS),
        transitCountries: some(['MLI', 'BFA', 'DZA', 'LBY'], 0.5, 2),
        reasonsForLeaving: some(REASONS_FOR_LEAVING, 0.5, 2),
        intendedDestination: pick(['LBY', 'DZA', 'ITA', 'ESP', 'FRA']),
        intentionNow: pick(['return_home', 'continue', 'undecided'] as const),
        abuseEnRoute: random() < 0.3 ? ['theft_of_documents'] : [],
        ...(random() < 0.3 ? { monthsInLibya: Math.floor(random() * 36) } : {}),
      }
    }
    return record
  }).map((record) => registrationSchema.parse(record) && record)
  // full cases made at their own times go in the order a phone saved them (its outbox's)
  return full ? records.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) : records
}

/**
 * A named case with every optional section filled, values drawn like the rest. Its ids are
 * made at its own time, as a phone makes them when the form opens (random bits and all),
 * not in one burst: ids made in the same millisecond share most of their characters and
 * would cost a few bytes on the wire instead of the ~16 a real one costs.
 */
function fillEverySection(record: Registration & { consentProcessing: true }, random: () => number): Registration {
  const openedAt = Date.parse(record.createdAt) - 5 * 60_000
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const day = (from: string, spanDays: number) =>
    new Date(Date.parse(from) + Math.floor(random() * spanDays) * 86_400_000).toISOString().slice(0, 10)
  const origin = pick(ORIGINS)
  return {
    ...record,
    id: v7({ msecs: openedAt }),
    consentGivenBy: 'person',
    aliases: [pick(ALIASES)],
    countryOfBirth: origin,
    placeOfBirth: pick(TOWNS),
    languages: [pick(LANGUAGES), 'french'],
    maritalStatus: pick(MARITAL_STATUSES),
    educationLevel: pick(EDUCATION_LEVELS),
    occupation: pick(OCCUPATIONS),
    phone: `+227 9${Math.floor(random() * 10)} ${String(Math.floor(random() * 1e6)).padStart(6, '0')}`,
    document: { type: 'passport', number: `A${Math.floor(random() * 1e7)}`, expiresOn: day('2027-01-01', 1500) },
    household: { groupId: v7({ msecs: openedAt + 60_000 }), relationship: pick(HOUSEHOLD_RELATIONSHIPS) },
    migration: {
      originCountry: origin,
      originTown: pick(TOWNS),
      leftHomeOn: day('2024-01-01', 600),
      transitCountries: ['BFA', 'MLI', 'DZA'].slice(0, 1 + Math.floor(random() * 3)),
      monthsInLibya: Math.floor(random() * 30),
      monthsInAlgeria: Math.floor(random() * 12),
      reasonsForLeaving: [pick(REASONS_FOR_LEAVING)],
      intendedDestination: pick(['LBY', 'DZA', 'ITA', 'ESP', 'FRA']),
      intentionNow: pick(INTENTIONS),
      abuseEnRoute: [pick(ABUSES)],
    },
    avrr: {
      category: pick(AVRR_CATEGORIES),
      voluntarinessSigned: random() < 0.8,
      travelDocumentStatus: pick(TRAVEL_DOCUMENT_STATUSES),
      fitToTravel: random() < 0.7,
      travelReadyOn: day('2026-12-01', 60),
      destinationCountry: origin,
      destinationTown: pick(TOWNS),
      reintegrationCounselling: random() < 0.5,
    },
  }
}
