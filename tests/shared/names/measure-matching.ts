/**
 * Recall and false candidates of the matcher on a generated population (population.ts):
 * for each planted second record, ask the index for possible duplicates, and search its
 * name (whole words, same sex, birth year ± 2) as a desk would before registering.
 * Recall: the first record is among the answers. False candidates: answers that are
 * another person, whatever their score. Shared by the test and the benchmark.
 */
import type { NameIndex, NameMatch } from '@/shared/names/name-index'
import type { PlantedKind, Population } from './population'

export interface Measure {
  queries: number
  recall: number
  /** mean number of answers per query that are another person */
  falseCandidates: number
}

export type MatchingReport = Record<'duplicates' | 'search', Record<PlantedKind | 'all', Measure>>

const KINDS: (PlantedKind | 'all')[] = ['tuning', 'held-out', 'other', 'all']

export function measureMatching(index: NameIndex, population: Population): MatchingReport {
  const tally = () => Object.fromEntries(KINDS.map((kind) => [kind, { queries: 0, found: 0, others: 0 }]))
  const counts = { duplicates: tally(), search: tally() }
  for (const { record, originalId, kind } of population.planted) {
    const person = population.truth.get(record.id)
    const answers: Record<'duplicates' | 'search', NameMatch[]> = {
      duplicates: index.possibleDuplicates(record),
      search: index
        .search(`${record.givenName} ${record.familyName}`, {
          sex: record.sex,
          birthYear: record.birthYear,
          prefix: false,
        })
        .filter((match) => match.id !== record.id),
    }
    for (const way of ['duplicates', 'search'] as const) {
      const found = answers[way].some((match) => match.id === originalId)
      const others = answers[way].filter((match) => population.truth.get(match.id) !== person).length
      for (const bucket of [counts[way][kind], counts[way].all]) {
        if (!bucket) continue
        bucket.queries++
        bucket.found += found ? 1 : 0
        bucket.others += others
      }
    }
  }
  const summarise = (byKind: ReturnType<typeof tally>) =>
    Object.fromEntries(
      KINDS.map((kind) => {
        const { queries, found, others } = byKind[kind] as { queries: number; found: number; others: number }
        return [kind, { queries, recall: found / Math.max(1, queries), falseCandidates: others / Math.max(1, queries) }]
      }),
    ) as Record<PlantedKind | 'all', Measure>
  return { duplicates: summarise(counts.duplicates), search: summarise(counts.search) }
}
