/**
 * A flow monitor's week for the benches: `count` DTM tallies of one flow monitoring point
 * spread over the last `days` local days at the site (Africa/Niamey), each observed
 * between dawn and dusk (today: up to now), from a seeded generator, each valid against
 * the shared schema; and the push bodies another device of the point would send them in.
 */
import { v7 } from 'uuid'
import { DIRECTIONS, FLOW_TYPES, TRANSPORT_MODES } from '../../src/shared/schemas/codes'
import { flowCountSchema, withUnknownRemainder, type FlowCount } from '../../src/shared/schemas/flow-count'
import { SITE_OFFSET, siteDay } from '../../src/shared/site-time'
import { compressedBatches, type BatchOwner } from './push-batches'
import { seededRandom } from './registrations'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** Who crosses at a northern FMP: mostly West Africans, many not asked or not saying. */
const NATIONALITIES = ['NER', 'NGA', 'MLI', 'TCD', 'SDN', 'GIN', 'CMR', 'SEN', 'BFA', 'GHA']
const ROUTES = [
  { departureCountry: 'NER', destinationCountry: 'LBY', departureTown: 'Agadez', destinationTown: 'Sebha' },
  { departureCountry: 'LBY', destinationCountry: 'NER', departureTown: 'Qatrun', destinationTown: 'Agadez' },
  { departureCountry: 'NER', destinationCountry: 'DZA', departureTown: 'Arlit', destinationTown: 'Tamanrasset' },
  { departureCountry: 'TCD', destinationCountry: 'LBY', departureTown: undefined, destinationTown: undefined },
]

export function makeWeekOfTallies(
  count: number,
  siteCode: string,
  days: number,
  now = new Date(),
  seed = 10,
): FlowCount[] {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const upTo = (max: number) => Math.floor(random() * (max + 1))
  const today = siteDay(now)
  const dayStart = (daysBack: number) => Date.parse(`${today}T00:00:00${SITE_OFFSET}`) - daysBack * DAY_MS
  return Array.from({ length: count }, (_, i): FlowCount => {
    // spread evenly over the days, each between 06:00 and 19:00 at the site (today: up to now)
    const daysBack = days - 1 - Math.floor((i * days) / count)
    const start = dayStart(daysBack)
    const from = start + 6 * HOUR_MS
    const to = daysBack === 0 ? Math.min(start + 19 * HOUR_MS, now.getTime() - 60_000) : start + 19 * HOUR_MS
    const at = new Date(to > from ? from + random() * (to - from) : start + random() * (now.getTime() - start))
    const observedAt = at.toISOString()
    const men = 1 + upTo(18)
    const women = upTo(5)
    const boys = upTo(3)
    const girls = upTo(2)
    const total = men + women + boys + girls
    const known = random() < 0.8 ? Math.min(total, upTo(total)) : 0
    const first = pick(NATIONALITIES)
    const second = pick(NATIONALITIES.filter((c) => c !== first))
    const split = upTo(known)
    const named = [
      { country: first, count: split },
      { country: second, count: known - split },
    ].filter((n) => n.count > 0)
    const tally: FlowCount = {
      id: v7(),
      createdAt: observedAt,
      updatedAt: observedAt,
      siteCode,
      observedAt,
      direction: pick(DIRECTIONS),
      transport: random() < 0.6 ? 'truck' : pick(TRANSPORT_MODES),
      ...withoutEmptyTowns(pick(ROUTES)),
      flowType: random() < 0.7 ? 'economic_long_term' : pick(FLOW_TYPES),
      men,
      women,
      boys,
      girls,
      unaccompaniedChildren: upTo(Math.min(1, boys + girls)),
      childrenUnder5: upTo(Math.min(1, boys + girls)),
      elderly: upTo(Math.min(1, men + women)),
      pregnantWomen: upTo(Math.min(1, women + girls)),
      withDisability: upTo(Math.min(1, total)),
      total,
      nationalities: withUnknownRemainder(named, total),
    }
    return flowCountSchema.parse(tally)
  })
}

function withoutEmptyTowns(route: (typeof ROUTES)[number]) {
  const { departureTown, destinationTown, ...countries } = route
  return {
    ...countries,
    ...(departureTown ? { departureTown } : {}),
    ...(destinationTown ? { destinationTown } : {}),
  }
}

/** People per local day at the site, as Today adds them. */
export function peopleByDay(tallies: readonly FlowCount[]): Map<string, number> {
  const days = new Map<string, number>()
  for (const t of tallies) {
    const day = siteDay(new Date(t.observedAt))
    days.set(day, (days.get(day) ?? 0) + t.total)
  }
  return days
}

/** Push bodies of new tallies as a device sends them, `batchSize` per batch, gzip-compressed. */
export function compressedTallyBatches(tallies: readonly FlowCount[], owner: BatchOwner): Buffer[] {
  return compressedBatches(tallies, owner, 'flowCount')
}
