/**
 * Reads a version of a record that the server sent (a pulled change, a push answer),
 * knowing the server may be newer than this app. Data that passes the shared parse is
 * used as is. Data that fails only because of top-level fields this version does not
 * know (a newer server's new, optional fields) is used with the fields it knows, and the
 * unknown ones are kept beside it, to go back to the server with the next edit. Anything
 * else (an entity this version does not know, data that breaks a rule or a limit) cannot
 * be used yet: the caller holds it (held-changes.ts) rather than drop it.
 */
import { z } from 'zod'
import { ENTITIES, entityDataSchemas, type Entity, type EntityData } from '@/shared/schemas/entities'
import { parseRecordData } from '@/shared/schemas/parse-record'

export type UnknownFields = Record<string, unknown>

export type ServerVersion =
  | { usable: true; entity: Entity; data: EntityData[Entity]; unknownFields?: UnknownFields }
  | { usable: false; reason: 'unknown_entity' | 'invalid' }

export function isEntity(entity: string): entity is Entity {
  return (ENTITIES as readonly string[]).includes(entity)
}

/** Decodes the `data` a server sent for `recordId` of `entity`. */
export function decodeServerVersion(entity: string, recordId: string, value: unknown): ServerVersion {
  if (!isEntity(entity)) return { usable: false, reason: 'unknown_entity' }
  const parsed = parseRecordData(entity, value)
  if (parsed.success) return usable(entity, recordId, parsed.data)
  const unknown = unknownTopLevelKeys(entity, parsed.errors)
  if (!unknown || !isPlainObject(value)) return { usable: false, reason: 'invalid' }
  // fromEntries makes own properties, whatever the key (even `__proto__`)
  const entries = Object.entries(value)
  const known = Object.fromEntries(entries.filter(([key]) => !unknown.has(key)))
  const unknownFields: UnknownFields = Object.fromEntries(entries.filter(([key]) => unknown.has(key)))
  const again = parseRecordData(entity, known)
  if (!again.success) return { usable: false, reason: 'invalid' }
  return usable(entity, recordId, again.data, unknownFields)
}

function usable(
  entity: Entity,
  recordId: string,
  data: EntityData[Entity],
  unknownFields?: UnknownFields,
): ServerVersion {
  // a version filed under another record's id is not this record's
  if (data.id !== recordId) return { usable: false, reason: 'invalid' }
  return { usable: true, entity, data, ...(unknownFields ? { unknownFields } : {}) }
}

/**
 * The keys of the errors when every error is an unknown top-level field that no shape of
 * the entity knows; undefined otherwise. A field another shape knows (a name on an
 * anonymous registration) breaks a rule: it is no newer server's addition.
 */
function unknownTopLevelKeys(
  entity: Entity,
  errors: readonly { path: unknown[]; code: string }[],
): Set<string> | undefined {
  const keys = new Set<string>()
  const known = knownKeys(entity)
  for (const error of errors) {
    const [key, ...rest] = error.path
    if (error.code !== 'unrecognized_keys' || typeof key !== 'string' || rest.length > 0 || known.has(key)) {
      return undefined
    }
    keys.add(key)
  }
  return keys.size > 0 ? keys : undefined
}

const knownKeysCache = new Map<Entity, Set<string>>()

/** Every top-level field of an entity, across the shapes of a union (named and anonymous…). */
export function knownKeys(entity: Entity): Set<string> {
  let keys = knownKeysCache.get(entity)
  if (!keys) {
    keys = new Set(shapeKeys(entityDataSchemas[entity]))
    knownKeysCache.set(entity, keys)
  }
  return keys
}

function shapeKeys(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape)
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap(shapeKeys)
  if (schema instanceof z.ZodPipe) return shapeKeys(schema.in as z.ZodType)
  return []
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
