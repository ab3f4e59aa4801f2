/**
 * A generated population where the truth is known, for the matcher's recall and false
 * candidates (name-matching.test.ts) and for the benchmark (scripts/bench/names-bench.ts).
 *
 * People get names from the CSV groups (35 %) and from fixture-names.ts, a sex, a birth
 * year (a quarter children, most 18 to 40), a nationality; some carry two given names
 * or a particle family name (Ag Ghaly, Ould Cheikh). Then some of them are registered a
 * second time, the way a second desk would write them: a CSV name in another spelling
 * of its group, given and family names swapped, a particle or honorific added or
 * dropped, capitals and accents changed, a typo in a long word, the birth year off by
 * up to two. Each planted record says which part of the CSV its spelling came from:
 * "held-out" when a held-out group's spelling was changed, "tuning" when only tuning
 * groups were, "other" when no CSV spelling changed (typos, order, particles).
 * Seeded: the same seed gives the same population.
 */
import type { IndexedPerson } from '@/shared/names/name-index'
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, PARTICLE_FAMILY_NAMES } from './fixture-names'
import { type VariantGroup, variantGroups } from './name-data'

export type PlantedKind = 'tuning' | 'held-out' | 'other'

export interface PlantedVariant {
  /** the second record of the person, which is in the population too */
  record: IndexedPerson
  originalId: string
  kind: PlantedKind
}

export interface Population {
  people: IndexedPerson[]
  /** id → the person it truly is: an original and its planted variant share it */
  truth: Map<string, string>
  planted: PlantedVariant[]
}

export interface PopulationOptions {
  size?: number
  planted?: number
  seed?: number
}

/** mulberry32: small, fast and good enough to draw a population from. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FEMALE_GROUPS = new Set(['aissata', 'fatoumata', 'mariama', 'hawa', 'kadiatou', 'aminata', 'ramatou'])
const UNISEX_GROUPS = new Set(['adama'])
const NATIONALITIES = ['NER', 'NER', 'NER', 'NGA', 'MLI', 'GIN', 'SEN', 'BFA', 'CIV', 'CMR', 'SDN', 'TCD', 'GMB', 'GHA']
const THIS_YEAR = 2025

export function generatePopulation(options: PopulationOptions = {}): Population {
  const size = options.size ?? 20_000
  const plantedCount = options.planted ?? 1_500
  const random = seededRandom(options.seed ?? 8)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const chance = (p: number) => random() < p

  const groups = variantGroups()
  const groupOf = new Map<string, VariantGroup>()
  for (const group of groups) for (const spelling of group.spellings) groupOf.set(spelling, group)
  const givenGroups = (female: boolean) =>
    groups.filter((g) => g.kind === 'given' && (UNISEX_GROUPS.has(g.name) || FEMALE_GROUPS.has(g.name) === female))
  const femaleGroups = givenGroups(true)
  const maleGroups = givenGroups(false)
  const familyGroups = groups.filter((g) => g.kind === 'family')

  const givenWord = (female: boolean) =>
    chance(0.35)
      ? pick(pick(female ? femaleGroups : maleGroups).spellings)
      : pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES)
  const familyName = () =>
    chance(0.35) ? pick(pick(familyGroups).spellings) : chance(0.06) ? pick(PARTICLE_FAMILY_NAMES) : pick(FAMILY_NAMES)
  const age = () =>
    chance(0.25)
      ? Math.floor(random() * 18)
      : chance(0.8)
        ? 18 + Math.floor(random() * 23)
        : 41 + Math.floor(random() * 35)
  const ageGroup = (years: number): IndexedPerson['ageGroup'] =>
    years < 5 ? '0_4' : years < 12 ? '5_11' : years < 18 ? '12_17' : years < 60 ? '18_59' : '60_plus'

  const draw: Draw = { random, pick, chance, groupOf }
  const people: IndexedPerson[] = []
  const truth = new Map<string, string>()
  for (let n = 0; n < size - plantedCount; n++) {
    const sex = chance(0.01) ? 'other' : chance(0.5) ? 'female' : 'male'
    const female = sex === 'female' || (sex === 'other' && chance(0.5))
    const given = chance(0.1) ? `${givenWord(female)} ${givenWord(female)}` : givenWord(female)
    const years = age()
    const id = `p${n}`
    // some names are registered with a slip already, as they are in real case files
    const family = familyName()
    people.push({
      id,
      givenName: chance(0.04) && given.length >= 6 ? typo(given, draw) : given,
      familyName: chance(0.04) && family.length >= 6 ? typo(family, draw) : family,
      sex,
      nationality: pick(NATIONALITIES),
      birthYear: THIS_YEAR - years,
      ageGroup: ageGroup(years),
    })
    truth.set(id, id)
  }

  const planted = plantVariants(people, plantedCount, draw)
  for (const variant of planted) {
    people.push(variant.record)
    truth.set(variant.record.id, variant.originalId)
  }
  return { people, truth, planted }
}

interface Draw {
  random: () => number
  pick: <T>(list: readonly T[]) => T
  chance: (p: number) => boolean
  groupOf: Map<string, VariantGroup>
}

const KIND_SHARE: [PlantedKind, number][] = [
  ['held-out', 0.35],
  ['tuning', 0.45],
  ['other', 0.2],
]

function plantVariants(people: IndexedPerson[], count: number, draw: Draw): PlantedVariant[] {
  const planted: PlantedVariant[] = []
  const used = new Set<string>()
  for (const [kind, share] of KIND_SHARE) {
    const wanted = kind === 'other' ? count - planted.length : Math.round(count * share)
    let made = 0
    for (let attempt = 0; made < wanted && attempt < wanted * 200; attempt++) {
      const original = draw.pick(people)
      if (used.has(original.id)) continue
      const record = variantOf(original, kind, draw, `v${planted.length}`)
      if (!record) continue
      used.add(original.id)
      planted.push({ record, originalId: original.id, kind })
      made++
    }
    if (made < wanted) throw new Error(`Could not plant ${wanted} ${kind} variants`)
  }
  return planted
}

/** The person as a second desk would write them, or undefined if the kind does not fit. */
function variantOf(original: IndexedPerson, kind: PlantedKind, draw: Draw, id: string): IndexedPerson | undefined {
  const { chance, pick, groupOf } = draw
  const words = [original.givenName.split(' '), original.familyName.split(' ')]
  const respellable = (heldOut: boolean) =>
    words.flat().filter((word) => {
      const group = groupOf.get(word)
      return group !== undefined && group.heldOut === heldOut && group.spellings.length > 1
    })
  if (kind !== 'other') {
    const targets = respellable(kind === 'held-out')
    if (targets.length === 0) return undefined
    const forced = pick(targets)
    for (const field of words) {
      field.forEach((word, i) => {
        const group = groupOf.get(word)
        if (!group || group.spellings.length < 2) return
        const allowed = kind === 'held-out' || !group.heldOut
        if (word === forced || (allowed && chance(0.5))) field[i] = pick(group.spellings.filter((s) => s !== word))
      })
    }
  }
  let changed = kind !== 'other'
  const [given, family] = words as [string[], string[]]
  if (chance(0.1) && family.length > 1) {
    family.shift() // the particle of "Ag Ghaly" left out
    changed = true
  } else if (chance(0.05)) {
    given.unshift(...(original.sex === 'female' ? ['Hadja'] : ['El', 'Hadj']))
    changed = true
  }
  for (const field of words) {
    field.forEach((word, i) => {
      if (word.length >= 6 && !groupOf.has(word) && chance(kind === 'other' ? 0.5 : 0.1)) {
        field[i] = typo(word, draw)
        changed = true
      }
    })
  }
  let givenName = given.join(' ')
  let familyName = family.join(' ')
  if (chance(0.3)) {
    familyName = familyName.toUpperCase()
    changed = true
  }
  if (chance(0.2)) {
    givenName = givenName.normalize('NFKD').replace(/\p{M}/gu, '')
  }
  if (chance(0.15) || (!changed && kind === 'other')) {
    ;[givenName, familyName] = [familyName, givenName]
  }
  const shift = chance(0.5) ? 0 : chance(0.7) ? 1 : 2
  return {
    ...original,
    id,
    givenName,
    familyName,
    birthYear: (original.birthYear as number) + (chance(0.5) ? shift : -shift),
  }
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'qsz',
  e: 'zrd',
  i: 'uok',
  o: 'ipl',
  u: 'yi',
  s: 'qdz',
  d: 'sfe',
  m: 'nl',
  n: 'bm',
  r: 'et',
  t: 'ry',
  l: 'km',
}

/** One typing slip in a word: a neighbouring key, a letter left out, doubled or swapped. */
function typo(word: string, { random, pick }: Draw): string {
  const at = 1 + Math.floor(random() * (word.length - 2))
  const letter = (word[at] as string).toLowerCase()
  switch (pick(['neighbour', 'drop', 'double', 'swap'] as const)) {
    case 'neighbour': {
      const near = KEYBOARD_NEIGHBOURS[letter]
      return near ? word.slice(0, at) + pick([...near]) + word.slice(at + 1) : word.slice(0, at) + word.slice(at + 1)
    }
    case 'drop':
      return word.slice(0, at) + word.slice(at + 1)
    case 'double':
      return word.slice(0, at) + letter + word.slice(at)
    case 'swap':
      return word.slice(0, at) + (word[at + 1] ?? '') + letter + word.slice(at + 2)
  }
}
