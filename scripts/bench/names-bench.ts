/**
 * The name matcher of issue 8 (a measurement, not a test): builds the in-memory index
 * over 20,000 generated people (tests/shared/names/population.ts), then times
 *   - the build, cold (first in the process) and warm (median of the next runs);
 *   - 1,000 typed searches: prefixes of real names, misspellings, swapped order;
 *   - search as you type: every keystroke of 100 whole names;
 *   - 1,000 duplicate checks of people being registered;
 * and prints the heap the index holds, and recall and false candidates per kind of
 * planted variant (tuning and held-out spellings of name-variants.csv, other changes).
 * Node on this machine; a phone's browser is slower, and its own measurement is still to
 * come. BENCH_NAMES_PEOPLE and BENCH_NAMES_SEED change the population.
 * Run: npx tsx scripts/bench/names-bench.ts
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { loadavg } from 'node:os'
import { type IndexedPerson, NameIndex } from '../../src/shared/names/name-index'
import { measureMatching } from '../../tests/shared/names/measure-matching'
import { generatePopulation, seededRandom } from '../../tests/shared/names/population'
import { percentile } from './percentile'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const PEOPLE = Number(process.env.BENCH_NAMES_PEOPLE ?? 20_000)
const SEED = Number(process.env.BENCH_NAMES_SEED ?? 8)
const BUILD_RUNS = 5
const TARGETS = { buildMs: 300, searchP95: 50, duplicateP95: 100 }

function timeEach<T>(inputs: T[], run: (input: T) => unknown): number[] {
  return inputs.map((input) => {
    const start = performance.now()
    run(input)
    return performance.now() - start
  })
}

const population = generatePopulation({ size: PEOPLE, planted: Math.round(PEOPLE * 0.075), seed: SEED })
const random = seededRandom(SEED + 1)
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T

gc()
const heapBefore = process.memoryUsage().heapUsed
const builds: number[] = []
let index = new NameIndex()
for (let run = 0; run < BUILD_RUNS; run++) {
  index = new NameIndex() // let the previous one go before timing the next
  gc()
  const start = performance.now()
  index = new NameIndex(population.people)
  builds.push(performance.now() - start)
}
gc()
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20

/** What a desk types: the beginning of a name, a whole name with a slip, the other order. */
function typedQuery(person: IndexedPerson): string {
  const given = person.givenName
  const family = person.familyName
  switch (Math.floor(random() * 4)) {
    case 0:
      return `${given} ${family.slice(0, 1 + Math.floor(random() * family.length))}`
    case 1:
      return given.slice(0, 2 + Math.floor(random() * Math.max(1, given.length - 1)))
    case 2: {
      const at = 1 + Math.floor(random() * Math.max(1, family.length - 2))
      return `${given} ${family.slice(0, at)}${family.slice(at + 1)}`
    }
    default:
      return `${family} ${given}`
  }
}

const queries = Array.from({ length: 1_000 }, () => typedQuery(pick(population.people)))
const searchTimes = timeEach(queries, (query) => index.search(query))

const keystrokes = Array.from({ length: 100 }, () => {
  const { givenName, familyName } = pick(population.people)
  const whole = `${givenName} ${familyName}`
  return Array.from({ length: whole.length }, (_, i) => whole.slice(0, i + 1))
}).flat()
const keystrokeTimes = timeEach(keystrokes, (typed) => index.search(typed))

const newcomers = Array.from({ length: 1_000 }, (_, i) => {
  const someone = pick(population.people)
  return { ...someone, id: `new${i}`, birthYear: (someone.birthYear as number) + Math.round(random() * 4 - 2) }
})
const duplicateTimes = timeEach(newcomers, (person) => index.possibleDuplicates(person))

const report = measureMatching(index, population)

const ms = (value: number) => `${value.toFixed(1)} ms`
const row = (label: string, value: string, target = '') =>
  console.log(`${label.padEnd(44)}${value.padStart(12)}  ${target}`)
console.log(`Name matcher: ${PEOPLE} people (seed ${SEED}), ${index.size} indexed, load ${loadavg()[0]?.toFixed(1)}`)
row('build, cold (first in process)', ms(builds[0] as number), `target ≤ ${TARGETS.buildMs} ms`)
row(`build, warm (median of ${BUILD_RUNS - 1})`, ms(percentile(builds.slice(1), 50)))
row('heap held by the index', `${heapMb.toFixed(1)} MB`)
row('search p50 (1,000 typed queries)', ms(percentile(searchTimes, 50)))
row('search p95', ms(percentile(searchTimes, 95)), `target ≤ ${TARGETS.searchP95} ms`)
row(`search per keystroke p95 (${keystrokes.length})`, ms(percentile(keystrokeTimes, 95)))
row('duplicate check p50 (1,000 people)', ms(percentile(duplicateTimes, 50)))
row('duplicate check p95', ms(percentile(duplicateTimes, 95)), `target ≤ ${TARGETS.duplicateP95} ms`)
console.log('')
console.log(
  `${'planted variants'.padEnd(22)}${'queries'.padStart(8)}  ${'duplicates: recall / false'.padStart(28)}  ${'search: recall / false'.padStart(24)}`,
)
for (const kind of ['tuning', 'held-out', 'other', 'all'] as const) {
  const d = report.duplicates[kind]
  const s = report.search[kind]
  console.log(
    `${kind.padEnd(22)}${String(d.queries).padStart(8)}  ${`${(d.recall * 100).toFixed(1)} % / ${d.falseCandidates.toFixed(2)}`.padStart(28)}  ${`${(s.recall * 100).toFixed(1)} % / ${s.falseCandidates.toFixed(2)}`.padStart(24)}`,
  )
}
console.log('targets: recall ≥ 95 %, false candidates (other people per query) ≤ 1 on average')
