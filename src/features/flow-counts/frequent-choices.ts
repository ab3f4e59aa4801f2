/**
 * The usual answers at one flow monitoring point, most frequent first: departure and
 * destination countries, towns by country, and nationalities (by people counted). Worked
 * out once when the form opens, from the tallies on this phone, never per keystroke.
 */
import type { FlowCount } from '@/shared/schemas/flow-count'
import { UNKNOWN_COUNTRY } from '@/shared/schemas/common'

export interface FrequentChoices {
  departureCountries: string[]
  destinationCountries: string[]
  nationalities: string[]
  /** Towns met at this point (departures and destinations), by country. */
  towns: Record<string, string[]>
}

export const NO_CHOICES: FrequentChoices = {
  departureCountries: [],
  destinationCountries: [],
  nationalities: [],
  towns: {},
}

/** How many choices each list offers first. */
const TOP = 6

class Tally {
  private readonly counts = new Map<string, number>()
  add(key: string, by = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by)
  }
  top(n: number): string[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, n)
      .map(([key]) => key)
  }
}

export function frequentChoices(tallies: readonly FlowCount[], siteCode: string, top = TOP): FrequentChoices {
  const departures = new Tally()
  const destinations = new Tally()
  const nationalities = new Tally()
  const towns = new Map<string, Tally>()
  const addTown = (country: string, town: string | undefined) => {
    if (!town) return
    let byCountry = towns.get(country)
    if (!byCountry) towns.set(country, (byCountry = new Tally()))
    byCountry.add(town)
  }
  for (const tally of tallies) {
    if (tally.siteCode !== siteCode) continue
    departures.add(tally.departureCountry)
    destinations.add(tally.destinationCountry)
    addTown(tally.departureCountry, tally.departureTown)
    addTown(tally.destinationCountry, tally.destinationTown)
    for (const n of tally.nationalities) if (n.country !== UNKNOWN_COUNTRY) nationalities.add(n.country, n.count)
  }
  return {
    departureCountries: departures.top(top),
    destinationCountries: destinations.top(top),
    nationalities: nationalities.top(top),
    towns: Object.fromEntries([...towns].map(([country, t]) => [country, t.top(top * 2)])),
  }
}
