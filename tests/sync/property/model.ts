/**
 * The operations a property run is made of, as plain data with a readable toString, so
 * that a shrunk counterexample reads like a script:
 *   A create · B sync [lose push] · A edit #1 givenName=Issa · restart · deliver held
 * Devices are named A, B, C; `#n` picks the n-th record the device holds (by creation
 * order, modulo how many it holds), resolved to a record label (r1, r2, …) when run.
 */
import fc from 'fast-check'

/**
 * What happens to one request of a sync:
 * - `ok`: delivered, answered;
 * - `drop`: never reaches the server (the device sees a network error);
 * - `lose`: the server commits and answers, the answer is lost;
 * - `dup`: delivered twice at once, the device sees the answer that finishes last;
 * - `dupSeq`: delivered twice, one after the other, the device sees the second answer;
 * - `hold`: delayed in the network: the device gives up (network error) and the request
 *   reaches the server later (`deliver` op, or before the final sync), after later ones;
 * - `restart`: the server restarts while the request is on its way, then gets it;
 * - `proxy413`: a proxy with a smaller body limit answers 413 batch_too_large (not delivered);
 * - `gateway502`: a gateway answers an HTML 502 page (not delivered);
 * - `kill:<ms>` (process test only): the request is sent and the server process is
 *   SIGKILLed `ms` milliseconds later, then started again.
 */
export type Fault =
  'ok' | 'drop' | 'lose' | 'dup' | 'dupSeq' | 'hold' | 'restart' | 'proxy413' | 'gateway502' | `kill:${number}`

export const EDIT_FIELDS = {
  givenName: ['Amadou', 'Fati', 'Issa', 'Zara'],
  familyName: ['Traoré', 'Moussa', 'Diallo'],
  caseStatus: ['registered', 'assessed', 'assisted'],
  phone: ['+227 90 00 00 01', '+227 90 00 00 02'],
} as const
export type EditField = keyof typeof EDIT_FIELDS

export interface EditSpec {
  /** Which of the device's records (modulo how many it holds). */
  pick: number
  field: EditField
  value: string
  /** Moves the record to a site the user may not write: the server rejects it. */
  misplace?: boolean
}

export type Op =
  | { kind: 'create'; dev: number }
  | { kind: 'edit'; dev: number; edit: EditSpec }
  /** A sync run; `faults[i]` befalls its i-th request (push batches, pulls, sites); the rest go through. */
  | { kind: 'sync'; dev: number; faults: Fault[]; editDuring?: { afterRequest: number; edit: EditSpec } }
  /** Held requests reach the server, newest first (reordered) or oldest first. */
  | { kind: 'deliver'; newestFirst: boolean }
  | { kind: 'restart' }
  /** Process test: SIGKILL between operations, then start again. */
  | { kind: 'kill' }

export const deviceName = (dev: number) => 'ABC'[dev] ?? `D${dev}`

export function editText(edit: EditSpec): string {
  const change = `${edit.field}=${edit.value}`
  return `#${edit.pick} ${edit.misplace ? `siteCode=<foreign> ${change}` : change}`
}

export function opText(op: Op): string {
  switch (op.kind) {
    case 'create':
      return `${deviceName(op.dev)} create`
    case 'edit':
      return `${deviceName(op.dev)} edit ${editText(op.edit)}`
    case 'sync': {
      const faults = op.faults.length > 0 ? ` [${op.faults.join(', ')}]` : ''
      const during = op.editDuring
        ? ` (edit ${editText(op.editDuring.edit)} after request ${op.editDuring.afterRequest + 1})`
        : ''
      return `${deviceName(op.dev)} sync${faults}${during}`
    }
    case 'deliver':
      return `deliver held${op.newestFirst ? ' (newest first)' : ''}`
    case 'restart':
      return 'restart server'
    case 'kill':
      return 'kill -9 server'
  }
}

/** Gives an op a toString that fast-check's reporter uses. */
function readable<T extends Op>(given: T): T {
  const op = { ...given } // constants are shared between runs: give each its own object
  Object.defineProperty(op, fc.toStringMethod, { value: () => opText(op), enumerable: false })
  Object.defineProperty(op, 'toString', { value: () => opText(op), enumerable: false })
  return op
}

export interface ScriptOptions {
  maxOps: number
  /** Faults a request of a sync may suffer (besides `ok`). */
  faults: fc.Arbitrary<Fault>
  /** Allow the `kill` op (process test). */
  kills?: boolean
}

const devArb = fc.nat({ max: 2 })

export const editArb: fc.Arbitrary<EditSpec> = fc
  .record({
    pick: fc.nat({ max: 5 }),
    field: fc.constantFrom(...(Object.keys(EDIT_FIELDS) as EditField[])),
    choice: fc.nat({ max: 3 }),
    misplace: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map(({ pick, field, choice, misplace }) => {
    const values: readonly string[] = EDIT_FIELDS[field]
    const value = values[choice % values.length] ?? values[0] ?? ''
    return misplace ? { pick, field, value, misplace } : { pick, field, value }
  })

export function opArb({ faults, kills }: ScriptOptions): fc.Arbitrary<Op> {
  const fault = fc.oneof({ weight: 1, arbitrary: fc.constant<Fault>('ok') }, { weight: 1, arbitrary: faults })
  const sync = fc
    .record({
      dev: devArb,
      faults: fc.array(fault, { maxLength: 4 }),
      editDuring: fc.option(fc.record({ afterRequest: fc.nat({ max: 2 }), edit: editArb }), {
        freq: 4,
        nil: undefined,
      }),
    })
    .map(({ dev, faults, editDuring }) =>
      editDuring ? { kind: 'sync' as const, dev, faults, editDuring } : { kind: 'sync' as const, dev, faults },
    )
  const arbs: fc.WeightedArbitrary<Op>[] = [
    { weight: 3, arbitrary: devArb.map((dev) => ({ kind: 'create' as const, dev })) },
    { weight: 4, arbitrary: fc.record({ dev: devArb, edit: editArb }).map((o) => ({ kind: 'edit' as const, ...o })) },
    { weight: 5, arbitrary: sync },
    { weight: 1, arbitrary: fc.boolean().map((newestFirst) => ({ kind: 'deliver' as const, newestFirst })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  ]
  if (kills) arbs.push({ weight: 1, arbitrary: fc.constant({ kind: 'kill' as const }) })
  return fc.oneof(...arbs).map(readable)
}

export interface Scenario {
  devices: number
  /** The devices' batch limit (mutations per push), small so that a sync sends several batches. */
  batchSize: number
  ops: Op[]
}

export function scenarioArb(options: ScriptOptions): fc.Arbitrary<Scenario> {
  return fc.record({
    devices: fc.integer({ min: 2, max: 3 }),
    batchSize: fc.integer({ min: 1, max: 4 }),
    ops: fc.array(opArb(options), { minLength: 1, maxLength: options.maxOps, size: 'max' }),
  })
}

/** Runs from RELAIS_PROPERTY_RUNS, else the CI default. */
export function runsFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isInteger(value) && value > 0 ? value : fallback
}

/** fast-check parameters: runs, and RELAIS_PROPERTY_SEED / RELAIS_PROPERTY_PATH to replay a failure. */
export function assertParams(numRuns: number): fc.Parameters<unknown> {
  const seed = Number(process.env.RELAIS_PROPERTY_SEED)
  const path = process.env.RELAIS_PROPERTY_PATH
  return {
    numRuns,
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(path ? { path } : {}),
  }
}
