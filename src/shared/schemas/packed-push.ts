/**
 * The packed form of a push's mutations (additive, docs/sync-protocol.md, "Fewer bytes per
 * pushed record"): each record's `data` goes as its values alone, in the order of a key
 * list that the batch states once. A full registration names some fifty keys, its
 * sections' included; spelled out on every record they are a sixth of its bytes on the
 * wire, even gzip-compressed.
 *
 * ```
 * "packed": {
 *   "shapes": [["id", "createdAt", …, ["document", "type"], ["document", "number"], …], …],
 *   "rows": [
 *     { "mutationId", "entity", "baseRev", "shape": 0, "values": ["…", …] },   // an upsert
 *     { "mutationId", "entity", "baseRev", "recordId": "…" }                   // a delete
 *   ] }
 * ```
 * A key list names each value's place in `data`: a key, or the path of keys to a field of
 * a section (`["document", "type"]` is `data.document.type`). A row may carry
 * `changedFields` and `at` as a mutation does; an upsert's `recordId` is its data's `id`.
 * The server unpacks the rows into the mutations they stand for, in order, and treats them
 * exactly as `mutations`: what cannot be unpacked is a broken envelope (rule 4), everything
 * about the data is rule 3's.
 */
import { z } from 'zod'
import { RECORD_DATA_LIMITS } from '../text/json-limits'
import { entitySchema } from './entities'
import { MAX_BATCH_MUTATIONS, mutationSchema, type Mutation } from './sync'
import { uuidSchema } from './common'

/** A record has at most this many values (json-limits.ts): no key list is longer. */
const MAX_SHAPE_KEYS = RECORD_DATA_LIMITS.maxNodes
const MAX_KEY_LENGTH = 200
/** A path is at most as deep as a record may nest. */
const MAX_PATH_KEYS = RECORD_DATA_LIMITS.maxDepth

const keySchema = z.string().max(MAX_KEY_LENGTH)
/** `"id"` for `data.id`, `["document", "type"]` for `data.document.type`. */
const placeSchema = z.union([keySchema, z.array(keySchema).min(2).max(MAX_PATH_KEYS)])
type Place = z.infer<typeof placeSchema>

const pathOf = (place: Place): string[] => (typeof place === 'string' ? [place] : place)

/** The problem with a key list, if any: every place once, none inside another's value, an "id". */
function shapeProblem(places: readonly Place[]): string | undefined {
  const leaves = new Set<string>()
  const within = new Set<string>()
  for (const place of places) {
    const path = pathOf(place)
    const leaf = JSON.stringify(path)
    if (leaves.has(leaf)) return `${leaf} is listed twice`
    leaves.add(leaf)
    for (let end = 1; end < path.length; end++) within.add(JSON.stringify(path.slice(0, end)))
  }
  for (const leaf of leaves) if (within.has(leaf)) return `${leaf} is both a value and a section`
  if (!leaves.has('["id"]')) return 'The key list has no "id"'
  return undefined
}

const shapeSchema = z
  .array(placeSchema)
  .max(MAX_SHAPE_KEYS)
  .superRefine((places, context) => {
    const problem = shapeProblem(places)
    if (problem) context.addIssue({ code: 'custom', message: problem, params: { rule: 'unpackable' } })
  })

// stripped of unknown keys, as mutations are (forward compatibility)
const rowSchema = z.object({
  mutationId: mutationSchema.shape.mutationId,
  entity: entitySchema,
  baseRev: z.int().min(0),
  /** An upsert: the index of its key list in `shapes`, and its values in that order. */
  shape: z.int().min(0).optional(),
  // checked as an array without walking its values: they are data, for rule 3
  values: z
    .custom<unknown[]>((values) => Array.isArray(values) && values.length <= MAX_SHAPE_KEYS, 'Not an array of values')
    .optional(),
  /** A delete: the record it deletes. */
  recordId: uuidSchema.optional(),
  changedFields: mutationSchema.shape.changedFields,
  at: mutationSchema.shape.at,
})
type PackedRow = z.infer<typeof rowSchema>

export const packedMutationsSchema = z
  .object({
    shapes: z.array(shapeSchema).max(MAX_BATCH_MUTATIONS),
    rows: z.array(rowSchema).max(MAX_BATCH_MUTATIONS),
  })
  .superRefine(({ shapes, rows }, context) => {
    rows.forEach((row, i) => {
      const issue = (path: (string | number)[], message: string) =>
        context.addIssue({ code: 'custom', path: ['rows', i, ...path], message, params: { rule: 'unpackable' } })
      if (row.values === undefined) {
        if (row.shape !== undefined) issue(['shape'], 'A delete has no shape')
        if (row.recordId === undefined) issue(['recordId'], 'A delete names its recordId')
        return
      }
      if (row.recordId !== undefined) issue(['recordId'], "An upsert's recordId is its data's id")
      const places = row.shape === undefined ? undefined : shapes[row.shape]
      if (places === undefined) return issue(['shape'], 'Not the index of a key list in shapes')
      if (row.values.length !== places.length) return issue(['values'], `${places.length} values expected`)
      const idAt = places.indexOf('id')
      if (!uuidSchema.safeParse(row.values[idAt]).success) issue(['values', idAt], 'The record id is not a UUID')
    })
  })
export type PackedMutations = z.infer<typeof packedMutationsSchema>

/**
 * The bytes of keys that the rows' mutations, unpacked, spell out. They count against the
 * batch's limit (MAX_BATCH_BYTES) as the values do in the body: what a batch unpacks into
 * stays bounded, as a plain body is.
 */
export function spelledOutBytes({ shapes, rows }: PackedMutations): number {
  const keyBytes = shapes.map((places) =>
    places.reduce<number>((sum, place) => sum + pathOf(place).reduce((n, key) => n + key.length + 6, 0), 0),
  )
  return rows.reduce((sum, row) => sum + (row.shape === undefined ? 0 : (keyBytes[row.shape] ?? 0)), 0)
}

/** The mutations that checked rows (packedMutationsSchema) stand for, in order. */
export function unpackMutations({ shapes, rows }: PackedMutations): Mutation[] {
  return rows.map((row) => unpackRow(row, shapes))
}

type Json = Record<string, unknown>

/** Sets an own property, whatever the key: a "__proto__" stays a key, for the schema to refuse. */
function define(target: Json, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

function unpackRow(row: PackedRow, shapes: readonly Place[][]): Mutation {
  const { mutationId, entity, baseRev, changedFields, at } = row
  const extra = { ...(changedFields ? { changedFields } : {}), ...(at ? { at } : {}) }
  if (row.values === undefined) {
    return { mutationId, entity, recordId: row.recordId as string, op: 'delete', baseRev, ...extra }
  }
  const places = shapes[row.shape as number] as Place[]
  const data: Json = {}
  // shapeProblem() made sure no place lies inside another's value: every section here is ours
  const values = row.values
  places.forEach((place, j) => {
    if (typeof place === 'string') return define(data, place, values[j])
    let section = data
    for (let depth = 0; depth < place.length - 1; depth++) {
      const key = place[depth] as string
      if (!Object.hasOwn(section, key)) define(section, key, {})
      section = section[key] as Json
    }
    define(section, place[place.length - 1] as string, values[j])
  })
  return { mutationId, entity, recordId: data.id as string, op: 'upsert', baseRev, data, ...extra }
}

/** What JSON.stringify writes of an object: its keys whose values are not undefined. */
const written = (value: object): [string, unknown][] => Object.entries(value).filter(([, v]) => v !== undefined)

function isSection(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && written(value).length > 0
}

/** Each value of `data` with its place: a section's fields (nested objects with keys) one by one. */
function placesOf(data: Json, within: string[] = [], out: [Place, unknown][] = []): [Place, unknown][] {
  for (const [key, value] of written(data)) {
    const path = [...within, key]
    if (isSection(value) && path.length < MAX_PATH_KEYS) placesOf(value, path, out)
    else out.push([path.length === 1 ? key : path, value])
  }
  return out
}

/**
 * Mutations as packed rows: one key list per set of places (in the order of the first
 * record that has them), so that records with the same fields share one. Only what
 * unpacks to the same mutations is packed: `packMutations` answers undefined for a batch
 * with an upsert whose `recordId` is not its data's `id` (the phone then sends it plain).
 */
export function packMutations(mutations: readonly Mutation[]): PackedMutations | undefined {
  const shapes: Place[][] = []
  const shapeOf = new Map<string, number>()
  /** For each order of places met: its key list, and where each value goes in it. */
  const layoutOf = new Map<string, { shape: number; slots: number[] }>()
  const rows: PackedRow[] = []
  for (const mutation of mutations) {
    const { mutationId, entity, baseRev, changedFields, at } = mutation
    const extra = { ...(changedFields ? { changedFields } : {}), ...(at ? { at } : {}) }
    if (mutation.op === 'delete') {
      if (mutation.data !== undefined) return undefined
      rows.push({ mutationId, entity, baseRev, recordId: mutation.recordId, ...extra })
      continue
    }
    const data = mutation.data
    if (!isSection(data) || data.id !== mutation.recordId) return undefined
    const found = placesOf(data)
    const order = JSON.stringify(found.map(([place]) => place))
    let layout = layoutOf.get(order)
    if (layout === undefined) {
      const keys = found.map(([place]) => JSON.stringify(place))
      const signature = JSON.stringify([...keys].sort())
      let shape = shapeOf.get(signature)
      if (shape === undefined) {
        shape = shapes.push(found.map(([place]) => place)) - 1
        shapeOf.set(signature, shape)
      }
      const slotOf = new Map((shapes[shape] as Place[]).map((place, j) => [JSON.stringify(place), j]))
      layout = { shape, slots: keys.map((key) => slotOf.get(key) as number) }
      layoutOf.set(order, layout)
    }
    const values: unknown[] = new Array(found.length)
    const { slots } = layout
    found.forEach(([, value], j) => (values[slots[j] as number] = value))
    rows.push({ mutationId, entity, baseRev, shape: layout.shape, values, ...extra })
  }
  return { shapes, rows }
}
