/**
 * Hostile values and edits for the push tests (issue 7), as fast-check arbitraries.
 * Values that JSON.stringify cannot write (`-0`, `2**53 + 1`, `1e400`) or would
 * overflow its stack writing (arrays 20,000 deep) travel as RawJson: toJson() splices
 * their text into the body. Every value prints as a short label in a counterexample.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { nigerDay, walk, type RecordData } from './hostile-records'

const label = (value: unknown): string => {
  if (typeof value !== 'string') return String(value instanceof RawJson ? value.label : JSON.stringify(value))
  return value.length > 40 ? `${JSON.stringify(value.slice(0, 20))}… (${value.length} chars)` : JSON.stringify(value)
}

/** JSON text sent as it is. */
export class RawJson {
  constructor(
    readonly text: string,
    readonly label: string = text,
  ) {}
  /** An array or object: no field of any schema takes one of those made here. */
  get isContainer(): boolean {
    return this.text.startsWith('[') || this.text.startsWith('{')
  }
  [fc.toStringMethod](): string {
    return `raw(${this.label})`
  }
}

export const deepArray = (depth: number) =>
  new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`, `array ${depth} deep`)
export const deepObject = (depth: number, key = 'hostile') =>
  new RawJson(`{"${key}":`.repeat(depth) + '1' + '}'.repeat(depth), `object ${depth} deep`)

/** The JSON text of `value`, with each RawJson inside it spliced in as it is. */
export function toJson(value: unknown): string {
  const parts: string[] = []
  const tag = `raw-${randomUUID()}-`
  const text = JSON.stringify(value, (_key, inner: unknown) => {
    if (!(inner instanceof RawJson)) return inner
    parts.push(inner.text)
    return `${tag}${parts.length - 1}`
  })
  return text.replace(new RegExp(`"${tag}(\\d+)"`, 'g'), (_match, i: string) => parts[Number(i)] ?? 'null')
}

/** A hostile value and its label. */
export class Hostile {
  constructor(readonly value: unknown) {}
  [fc.toStringMethod](): string {
    return label(this.value)
  }
}

const LONG = 100_000
const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'Aï\u0000cha',
  '\uD800',
  'x\uDC00',
  '\u202Eevil',
  '\u200F',
  '\u200B',
  '\uFEFF',
  'Traore\u0301',
  '  Aïcha\t',
  'مريم\u200F',
  '👍🏽',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  'null',
  '__proto__',
  '\r\n\u2028',
  "'; drop table records; --",
  'a'.repeat(LONG),
  ` ${'é'.normalize('NFD').repeat(LONG / 2)} `,
]
const hostileNumbers = [
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  2 ** 31,
  -1,
  0.1,
  1.5,
  100_001,
  new RawJson('-0'),
  new RawJson('9007199254740993'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('1e-400'),
  new RawJson(`1${'0'.repeat(400)}`, '1 and 400 zeros'),
]
const hostileShapes = [
  true,
  false,
  null,
  {},
  [],
  [null],
  ['x'],
  { hostile: true },
  new RawJson('{"__proto__":{"polluted":true}}'),
  new RawJson('{"constructor":{"prototype":{"polluted":true}}}'),
  new RawJson('{"hostile":1,"hostile":2}'),
]

/** Odd days and times; the relative ones are in Niger time (UTC+1). */
export const oddDates = () => [
  '0000-01-01',
  '9999-12-31',
  '1899-12-31',
  '1900-01-01',
  '+275760-09-13',
  '2026-02-30',
  '2026-13-01',
  '2026-1-1',
  nigerDay(1),
  nigerDay(2),
  nigerDay(30),
  '2035-06-30',
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '1899-12-31T12:00:00.000+01:00',
  '2026-02-30T09:30:00.000+01:00',
  `${nigerDay(1)}T12:00:00.000+01:00`,
  `${nigerDay(2)}T12:00:00.000+01:00`,
]

const DEPTHS = [50, 1_000, 5_000, 20_000]

/** Any hostile value; nesting thousands deep comes rarely (it is the slow case). */
export const hostileValue: fc.Arbitrary<Hostile> = fc
  .oneof(
    { arbitrary: fc.constantFrom(...hostileStrings), weight: 5 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
    { arbitrary: fc.constantFrom(...hostileNumbers), weight: 2 },
    { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
    { arbitrary: fc.constantFrom(...hostileShapes), weight: 2 },
    { arbitrary: fc.constantFrom(...oddDates()), weight: 2 },
    {
      arbitrary: fc.tuple(fc.constantFrom(...DEPTHS), fc.boolean()).map(([d, a]) => (a ? deepArray(d) : deepObject(d))),
      weight: 1,
    },
  )
  .map((value) => new Hostile(value))

/** Key names no schema knows; the plain ones must be named by the rejection. */
export const UNKNOWN_KEYS = [
  'hostile',
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'givenname',
  '$where',
  'x'.repeat(300),
  '',
  'a\u0000b',
  '\uD800',
  '\u202Ekey',
  'givenName\u200B',
  ' id',
]
export const isPlainKey = (key: string) => /^[\x21-\x7e]{1,64}$/.test(key)

/** Characters slipped into a valid string: around it, inside it, and decomposed (NFD). */
const marks = fc.constantFrom('', '', ' ', '\t', '\u200F', '\u200B', '\u202E', '\uFEFF', '\u2066', '\u0000', '\uD800')
const taint = fc.record({ before: marks, inside: marks, after: marks, nfd: fc.boolean() })
type Taint = typeof taint extends fc.Arbitrary<infer T> ? T : never

export type Edit =
  /** Adds a key no schema knows to the `at`-th object of the record. */
  | { kind: 'addKey'; at: number; key: string; value: Hostile }
  /** Replaces a value (or an array item) of the `at`-th object or array. */
  | { kind: 'replace'; at: number; slot: number; value: Hostile }
  /** Slips invisible, NUL, surrogate or decomposed characters into the `at`-th string. */
  | { kind: 'taint'; at: number; taint: Taint }
  /** Puts an odd date into the `at`-th date or time of the record. */
  | { kind: 'date'; at: number; value: string }

export const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('addKey' as const),
    at: fc.nat(),
    key: fc.constantFrom(...UNKNOWN_KEYS),
    value: hostileValue,
  }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), slot: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('taint' as const), at: fc.nat(), taint }),
  fc.record({ kind: fc.constant('date' as const), at: fc.nat(), value: fc.constantFrom(...oddDates()) }),
)

type Container = Record<string, unknown> | unknown[]

/** Sets a key as an own, enumerable property, `__proto__` included. */
function setOwn(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function places(data: RecordData) {
  const objects: Record<string, unknown>[] = []
  const containers: Container[] = []
  const strings: { parent: Container; key: string | number }[] = []
  const dates: { parent: Container; key: string | number }[] = []
  walk(data, (path, value) => {
    if (Array.isArray(value)) containers.push(value)
    else if (typeof value === 'object' && value !== null && !(value instanceof RawJson)) {
      objects.push(value as Record<string, unknown>)
      containers.push(value as Record<string, unknown>)
    }
    const key = path.at(-1)
    if (typeof value !== 'string' || key === undefined) return
    const parent = path.slice(0, -1).reduce<unknown>((at, part) => (at as Container)[part as never], data) as Container
    strings.push({ parent, key })
    if (/^\d{4}-\d{2}-\d{2}/.test(value)) dates.push({ parent, key })
  })
  return { objects, containers, strings, dates }
}

/** A copy of a shared plain value, so that a later edit inside it changes this run only. */
const fresh = (value: unknown) =>
  typeof value === 'object' && value !== null && !(value instanceof RawJson) ? structuredClone(value) : value

function pick<T>(list: readonly T[], at: number): T | undefined {
  return list.length === 0 ? undefined : list[at % list.length]
}

/** Applies the edits to `data` in place, one after the other. */
export function applyEdits(data: RecordData, edits: readonly Edit[]): void {
  for (const edit of edits) {
    const found = places(data)
    if (edit.kind === 'addKey') {
      const target = pick(found.objects, edit.at)
      if (target) setOwn(target, edit.key, fresh(edit.value.value))
    } else if (edit.kind === 'replace') {
      const target = pick(found.containers, edit.at)
      if (!target) continue
      const keys: (string | number)[] = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target)
      setOwn(target, pick(keys, edit.slot) ?? 0, fresh(edit.value.value))
    } else {
      const place = pick(edit.kind === 'date' ? found.dates : found.strings, edit.at)
      if (!place) continue
      const before = place.parent[place.key as never] as string
      if (edit.kind === 'date') setOwn(place.parent, place.key, edit.value)
      else setOwn(place.parent, place.key, tainted(before, edit.taint))
    }
  }
}

function tainted(text: string, { before, inside, after, nfd }: Taint): string {
  const middle = Math.floor(text.length / 2)
  const result = `${before}${text.slice(0, middle)}${inside}${text.slice(middle)}${after}`
  return nfd ? result.normalize('NFD') : result
}
