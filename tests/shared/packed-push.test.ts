import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { newId } from '@/shared/ids'
import { ENTITIES } from '@/shared/schemas/entities'
import {
  packedMutationsSchema,
  packMutations,
  spelledOutBytes,
  unpackMutations,
  type PackedMutations,
} from '@/shared/schemas/packed-push'
import { MAX_BATCH_BYTES, mutationSchema, type Mutation } from '@/shared/schemas/sync'
import { upsert } from '../helpers/mutations'
import { namedRegistration } from '../helpers/records'

/** What the server gets: the packed rows, sent as JSON, checked and unpacked. */
function overTheWire(packed: PackedMutations): Mutation[] {
  return unpackMutations(packedMutationsSchema.parse(JSON.parse(JSON.stringify(packed))))
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

const key = fc.string({ minLength: 1, maxLength: 8 })
const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.constant({}),
  fc.constant(undefined),
)
/** Record data as phones make it: fields, sections of fields, a section inside a section. */
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('section')),
  section: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
})).value
const data = fc
  .tuple(fc.uuid({ version: 7 }), fc.dictionary(key, value, { maxKeys: 8 }))
  .map(([id, fields]) => ({ ...fields, id }))
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .record(
      {
        mutationId: fc.uuid({ version: 7 }),
        entity: fc.constantFrom(...ENTITIES),
        op: fc.constant('upsert' as const),
        baseRev: fc.nat(5),
        data,
        changedFields: fc.array(key, { maxLength: 3 }),
        at: fc
          .date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-12-31') })
          .map((d) => d.toISOString()),
      },
      { requiredKeys: ['mutationId', 'entity', 'op', 'baseRev', 'data'] },
    )
    .map((m) => ({ ...m, recordId: m.data.id })),
  fc.record({
    mutationId: fc.uuid({ version: 7 }),
    entity: fc.constantFrom(...ENTITIES),
    recordId: fc.uuid({ version: 7 }),
    op: fc.constant('delete' as const),
    baseRev: fc.nat(5),
  }),
)

describe('packed push mutations', () => {
  it('unpack(pack(mutations)) is the mutations, as JSON, whatever their fields and sections', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 12 }), (mutations) => {
        const packed = packMutations(mutations)
        expect(packed).toBeDefined()
        return isDeepStrictEqual(asJson(overTheWire(packed as PackedMutations)), asJson(mutations))
      }),
      { numRuns: 300 },
    )
  })

  it('states a key list once for records with the same fields, in whatever order they hold them', () => {
    const first = namedRegistration()
    const reordered = Object.fromEntries(Object.entries(namedRegistration()).reverse()) as typeof first
    const document = { type: 'passport', number: 'A1' }
    const packed = packMutations([
      upsert('registration', first),
      upsert('registration', reordered),
      upsert('registration', { ...namedRegistration(), document }),
    ]) as PackedMutations
    expect(packed.shapes).toHaveLength(2)
    expect(packed.rows.map((r) => r.shape)).toEqual([0, 0, 1])
    // a section's fields go one by one, by their path
    expect(packed.shapes[1]).toEqual(
      expect.arrayContaining([
        ['document', 'type'],
        ['document', 'number'],
      ]),
    )
    expect(asJson(overTheWire(packed)[1]?.data)).toEqual(asJson(reordered))
  })

  it('keeps what JSON keeps: an undefined field is left out, an empty section stays', () => {
    const record = { ...namedRegistration(), phone: undefined, document: {}, household: { relationship: undefined } }
    const [back] = overTheWire(packMutations([upsert('registration', record)]) as PackedMutations)
    expect(back?.data).toEqual(asJson(record))
  })

  it('does not pack what would not unpack the same: an upsert whose recordId is not its id', () => {
    expect(packMutations([upsert('registration', namedRegistration(), 0, { recordId: newId() })])).toBeUndefined()
  })

  it('makes a "__proto__" key an own field, for the schema to refuse, never a prototype', () => {
    const id = newId()
    const [unpacked] = overTheWire({
      shapes: [['id', '__proto__', ['section', '__proto__']]],
      rows: [{ mutationId: newId(), entity: 'registration', baseRev: 0, shape: 0, values: [id, { polluted: 1 }, 2] }],
    })
    const data = unpacked?.data as Record<string, unknown>
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype)
    expect(Object.keys(data)).toEqual(['id', '__proto__', 'section'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('answers any JSON at all with issues or mutations, never a throw, never a changed prototype', () => {
    const id = newId()
    const row = (extra: object) => ({ mutationId: newId(), entity: 'registration', baseRev: 0, ...extra })
    // hostile values, mixed with pieces that are almost right so that the checks are reached
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype)
    const piece = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('id', '__proto__', 'constructor', ['a', 'b'], ['__proto__', 'polluted'], 0, -1, 1.5),
    )
    const shapes = fc.array(
      fc.array(piece, { maxLength: 6 }).map((places) => ['id', ...places]),
      { maxLength: 3 },
    )
    const rows = fc.array(
      fc.oneof(
        fc.jsonValue(),
        fc
          .tuple(fc.nat(3), fc.array(piece, { maxLength: 7 }))
          .map(([shape, values]) => row({ shape, values: [id, ...values] })),
        piece.map((recordId) => row({ recordId })),
      ),
      { maxLength: 5 },
    )
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ shapes, rows })), (packed) => {
        const parsed = packedMutationsSchema.safeParse(packed)
        if (parsed.success) {
          for (const m of unpackMutations(parsed.data)) {
            // what unpacks is a whole envelope: the server can answer it on its own (rule 4)
            expect(mutationSchema.safeParse(m).success).toBe(true)
            if (m.op === 'upsert') expect(m.recordId).toBe((m.data as { id: string }).id)
            if (m.data) expect(Object.getPrototypeOf(m.data)).toBe(Object.prototype)
          }
        }
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys)
      }),
      { numRuns: 500 },
    )
  })

  describe('refuses rows it cannot unpack, naming the place', () => {
    const id = newId()
    const row = { mutationId: newId(), entity: 'registration', baseRev: 0 }
    const cases: [string, unknown, (string | number)[]][] = [
      [
        'too few values',
        { shapes: [['id', 'sex']], rows: [{ ...row, shape: 0, values: [id] }] },
        ['rows', 0, 'values'],
      ],
      [
        'a key list that is not there',
        { shapes: [], rows: [{ ...row, shape: 0, values: [id] }] },
        ['rows', 0, 'shape'],
      ],
      ['an upsert without a key list', { shapes: [['id']], rows: [{ ...row, values: [id] }] }, ['rows', 0, 'shape']],
      ['a key listed twice', { shapes: [['id', 'sex', 'sex']], rows: [] }, ['shapes', 0]],
      ['a field inside a value', { shapes: [['id', 'doc', ['doc', 'type']]], rows: [] }, ['shapes', 0]],
      ['a key list without id', { shapes: [['sex']], rows: [] }, ['shapes', 0]],
      [
        'an id that is not a UUID',
        { shapes: [['sex', 'id']], rows: [{ ...row, shape: 0, values: ['m', 'x'] }] },
        ['rows', 0, 'values', 1],
      ],
      [
        'an upsert that names a recordId',
        { shapes: [['id']], rows: [{ ...row, shape: 0, values: [id], recordId: id }] },
        ['rows', 0, 'recordId'],
      ],
      ['a delete without its recordId', { shapes: [], rows: [row] }, ['rows', 0, 'recordId']],
      [
        'a row without its mutationId',
        { shapes: [['id']], rows: [{ ...row, mutationId: 'x', shape: 0, values: [id] }] },
        ['rows', 0, 'mutationId'],
      ],
      ['a path of one key', { shapes: [['id', ['sex']]], rows: [] }, ['shapes', 0, 1]],
    ]
    it.each(cases)('%s', (_name, packed, path) => {
      const parsed = packedMutationsSchema.safeParse(packed)
      expect(parsed.success).toBe(false)
      expect(parsed.error?.issues.map((issue) => issue.path)).toContainEqual(path)
    })
  })

  it('counts the keys that the unpacked rows spell out', () => {
    const shapes = [['id', 'a'.repeat(200)]]
    const rows = Array.from({ length: 500 }, () => ({
      mutationId: newId(),
      entity: 'registration' as const,
      baseRev: 0,
      shape: 0,
      values: [newId(), 1],
    }))
    // a little over 100 KB of keys, spelled out: well within the limit
    expect(spelledOutBytes({ shapes, rows })).toBe(500 * (2 + 6 + 200 + 6))
    expect(spelledOutBytes({ shapes, rows })).toBeLessThan(MAX_BATCH_BYTES)
  })
})
