/**
 * The matcher on a generated population of 20,000 where the truth is known
 * (population.ts): recall of the planted second records and false candidates (answers
 * that are another person), for the duplicate check and for a search of the whole
 * name with the same sex and birth year ± 2. Seeded, so the numbers are the same on
 * every run; scripts/bench/names-bench.ts prints them with the timings.
 */
import { describe, expect, it } from 'vitest'
import { NameIndex } from '@/shared/names/name-index'
import { measureMatching } from './measure-matching'
import { generatePopulation } from './population'

describe('matching on a generated population of 20,000', () => {
  const population = generatePopulation({ size: 20_000, planted: 1_500, seed: 8 })
  const report = measureMatching(new NameIndex(population.people), population)

  it('plants enough variants of each kind to measure', () => {
    expect(report.duplicates.tuning.queries).toBeGreaterThanOrEqual(600)
    expect(report.duplicates['held-out'].queries).toBeGreaterThanOrEqual(500)
    expect(report.duplicates.other.queries).toBeGreaterThanOrEqual(250)
  })

  describe.each(['duplicates', 'search'] as const)('%s', (way) => {
    it.each(['tuning', 'held-out', 'all'] as const)('finds at least 95 %% of the %s variants', (kind) => {
      expect(report[way][kind].recall).toBeGreaterThanOrEqual(0.95)
    })

    it('finds at least 90 % of the variants that only have typing slips, order or particles changed', () => {
      expect(report[way].other.recall).toBeGreaterThanOrEqual(0.9)
    })

    it.each(['tuning', 'held-out', 'other', 'all'] as const)(
      'answers on average at most one other person for the %s variants',
      (kind) => {
        expect(report[way][kind].falseCandidates).toBeLessThanOrEqual(1)
      },
    )
  })
})
