/**
 * `npm run bench:cases` (a measurement, not a test): the phone's case index of issue 8
 * with 20,000 cases on the phone. Cases are generated (names from the matcher's seeded
 * population, tests/shared/names/population.ts), sealed as the app stores them, into
 * fake-indexeddb in Node, then it times
 *   - loading the index with no snapshot (every case decrypted, the first unlock);
 *   - sealing the snapshot;
 *   - loading from the snapshot (the usual unlock), and with 1 % of the cases changed since;
 *   - the heap the loaded index holds;
 *   - 1,000 searches as typed on the Cases screen (names with slips, case numbers and their
 *     beginnings, document numbers, filters alone) and 1,000 duplicate checks;
 *   - a saved case reaching the live index (the list shows it).
 * fake-indexeddb in Node is not a phone's IndexedDB, and Node's CPU is not a phone's: these
 * numbers compare versions of the code on one machine; the targets are for a phone.
 * BENCH_CASES (20,000) and BENCH_CASES_SEED (8) change the population.
 * Run: npm run bench:cases (BENCH_CASES=200 for a quick check)
 */
import 'fake-indexeddb/auto'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { availableParallelism, cpus, loadavg } from 'node:os'
import type { CaseFilters } from '../../src/cases/case-finder'
import { CaseIndexStore } from '../../src/cases/case-index-store'
import { loadCaseIndex, saveSnapshot } from '../../src/cases/case-snapshot'
import { openUserDb } from '../../src/data/db'
import { encodePayload, saveRecord, type RecordRow } from '../../src/data/records'
import { createVault } from '../../src/shared/crypto/vault'
import { VULNERABILITIES } from '../../src/shared/schemas/codes'
import type { Registration } from '../../src/shared/schemas/registration'
import { anonymousRegistration, namedRegistration } from '../../tests/helpers/records'
import { generatePopulation, seededRandom } from '../../tests/shared/names/population'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const CASES = Number(process.env.BENCH_CASES ?? 20_000)
const SEED = Number(process.env.BENCH_CASES_SEED ?? 8)
const TARGETS = { unlockMs: 1500, searchP95: 50, duplicateP95: 100, heapMb: 60 }
const CHUNK = 500

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await run()
  return { ms: performance.now() - start, value }
}

const random = seededRandom(SEED + 1)
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
const pad = (n: number, width: number) => String(n).padStart(width, '0')
const day = (from: number, days: number) =>
  new Date(from + Math.floor(random() * days) * 86_400_000).toISOString().slice(0, 10)
const START_2026 = Date.parse('2026-01-01T00:00:00Z')

/** The centre's cases: 90 % named (the population's people), 10 % anonymous. */
function makeCases(): Registration[] {
  const population = generatePopulation({ size: CASES, planted: Math.round(CASES * 0.075), seed: SEED })
  return population.people.map((person, i) => {
    const registeredOn = day(START_2026, 330)
    const common = {
      caseNumber: `AGZ-7K-${pad(i + 1, 5)}`,
      registeredOn,
      consentDate: registeredOn,
      sex: person.sex ?? 'male',
      nationality: person.nationality ?? 'NER',
      vulnerabilities: random() < 0.15 ? [pick(VULNERABILITIES)] : [],
      caseStatus: pick(['registered', 'registered', 'assessed', 'assisted', 'referred'] as const),
    }
    if (random() < 0.1) return anonymousRegistration({ ...common, ageGroup: person.ageGroup ?? '18_59' })
    return namedRegistration({
      ...common,
      givenName: person.givenName,
      familyName: person.familyName,
      aliases: [...(person.aliases ?? [])],
      dateOfBirth: `${person.birthYear ?? 1990}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`,
      ...(random() < 0.6
        ? { document: { type: 'passport' as const, number: `P${pad(Math.floor(random() * 1e7), 7)}` } }
        : {}),
    })
  })
}

const keys = (await createVault('bench-cases-password', { unsafeTestIterations: 1000 })).keys
const db = openUserDb(`bench-cases-${SEED}-${CASES}`)
db.keySource = () => keys
await db.delete()
await db.open()

const cases = makeCases()
const seeding = await timed(async () => {
  for (let i = 0; i < cases.length; i += CHUNK) {
    const chunk = cases.slice(i, i + CHUNK)
    const payloads = await Promise.all(chunk.map((data) => encodePayload(db, 'registration', data)))
    const rows = chunk.map((data, j): RecordRow<'registration'> => ({
      id: data.id,
      entity: 'registration',
      ...payloads[j],
      syncedRev: 1,
      state: 'sent',
      localUpdatedAt: data.updatedAt,
    }))
    await db.registrations.bulkPut(rows)
  }
})

gc()
const full = await timed(() => loadCaseIndex(db))
const sealing = await timed(() => saveSnapshot(db, full.value.index.all()))
const snapshotBytes = ((await db.meta.get('caseIndex'))?.value as { enc?: { ct: Uint8Array } }).enc?.ct.length ?? 0

const fromSnapshot: number[] = []
for (let run = 0; run < 3; run++) {
  gc()
  fromSnapshot.push((await timed(() => loadCaseIndex(db))).ms)
}

// the heap the index holds: measured with only it alive
gc()
const heapBefore = process.memoryUsage().heapUsed
const index = (await loadCaseIndex(db)).index
gc()
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20

/** What a desk types: names with slips or swapped, case numbers and their beginnings, documents. */
function typedQuery(): { text: string; filters: CaseFilters } {
  const someone = pick(cases)
  const filters: CaseFilters =
    random() < 0.2 ? { vulnerableOnly: true } : random() < 0.2 ? { caseStatus: 'registered' } : {}
  const kind = Math.floor(random() * 8)
  if (!someone.consentProcessing || kind === 0) return { text: (someone.caseNumber ?? '').toLowerCase(), filters }
  if (kind === 1) return { text: (someone.caseNumber ?? '').slice(0, 7 + Math.floor(random() * 4)), filters }
  if (kind === 2 && someone.document?.number) return { text: someone.document.number, filters }
  if (kind === 3) return { text: '', filters: { ...filters, nationality: someone.nationality } }
  const { givenName, familyName } = someone
  if (kind === 4) return { text: `${familyName} ${givenName}`, filters }
  if (kind === 5)
    return { text: `${givenName} ${familyName.slice(0, 1 + Math.floor(random() * familyName.length))}`, filters }
  const at = 1 + Math.floor(random() * Math.max(1, familyName.length - 2))
  return { text: `${givenName} ${familyName.slice(0, at)}${familyName.slice(at + 1)}`, filters }
}
const queries = Array.from({ length: 1_000 }, typedQuery)
const searchTimes = queries.map(({ text, filters }) => {
  const start = performance.now()
  index.search(text, filters)
  return performance.now() - start
})

const named = cases.filter((c) => c.consentProcessing)
const duplicateTimes = Array.from({ length: 1_000 }, () => {
  const someone = pick(named)
  const query = {
    givenName: someone.givenName,
    familyName: someone.familyName,
    dateOfBirth: someone.dateOfBirth,
    sex: someone.sex,
  }
  const start = performance.now()
  index.possibleDuplicates(query)
  return performance.now() - start
})

// 1 % of the cases edited since the snapshot, then unlocked again
const edited = named.slice(0, Math.max(1, Math.round(CASES / 100)))
for (const data of edited) await saveRecord(db, 'registration', { ...data, occupation: 'trader' })
gc()
const afterEdits = await timed(() => loadCaseIndex(db))

// a case saved while unlocked reaches the live index
const store = new CaseIndexStore(db, { saveDelayMs: 60_000 })
await store.start()
const liveTimes: number[] = []
for (const data of named.slice(edited.length, edited.length + 50)) {
  const next = { ...data, familyName: `${data.familyName}a` }
  const start = performance.now()
  const shown = new Promise<void>((resolve) => {
    const stop = store.subscribe(() => {
      if (store.finder()?.get(data.id)?.familyName === next.familyName) {
        stop()
        resolve()
      }
    })
  })
  await saveRecord(db, 'registration', next)
  await shown
  liveTimes.push(performance.now() - start)
}
store.dispose()

const ms = (value: number) => `${value.toFixed(1)} ms`
const row = (label: string, value: string, target = '') =>
  console.log(`${label.padEnd(52)}${value.padStart(12)}  ${target}`)
const unlockMs = percentile(fromSnapshot, 50)
console.log(
  `Case index: ${CASES} cases (seed ${SEED}), ${index.size} indexed; fake-indexeddb in Node ${process.versions.node}`,
)
console.log(
  `machine: ${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load ${loadavg()[0]?.toFixed(1)}`,
)
row('seeding (sealing and storing every case)', ms(seeding.ms))
row(`load, no snapshot (${full.value.decrypted} decrypted)`, ms(full.ms))
row(`seal the snapshot (${(snapshotBytes / 2 ** 20).toFixed(1)} MB sealed)`, ms(sealing.ms))
row('load from the snapshot (median of 3)', ms(unlockMs), `target: unlock to list ≤ ${TARGETS.unlockMs} ms`)
row(
  `load from the snapshot, ${edited.length} cases changed (${afterEdits.value.decrypted} decrypted)`,
  ms(afterEdits.ms),
)
row('heap held by the loaded index', `${heapMb.toFixed(1)} MB`, `target: whole app ≤ ${TARGETS.heapMb} MB`)
row('search p50 (1,000 typed queries)', ms(percentile(searchTimes, 50)))
row('search p95', ms(percentile(searchTimes, 95)), `target ≤ ${TARGETS.searchP95} ms`)
row('duplicate check p50 (1,000 people)', ms(percentile(duplicateTimes, 50)))
row('duplicate check p95', ms(percentile(duplicateTimes, 95)), `target ≤ ${TARGETS.duplicateP95} ms`)
row('a save reaching the live index p95 (50 saves)', ms(percentile(liveTimes, 95)))
const pass =
  unlockMs <= TARGETS.unlockMs &&
  percentile(searchTimes, 95) <= TARGETS.searchP95 &&
  percentile(duplicateTimes, 95) <= TARGETS.duplicateP95
if (!pass) process.exitCode = 1
await db.delete()
