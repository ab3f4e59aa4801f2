/**
 * GET /healthz (no auth) and GET /api/v1/schema: each entity's JSON Schema, from the
 * shared zod schemas, and the rules no JSON Schema can say, in words.
 */
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { z } from 'zod'
import { ENTITIES, entityDataSchemas, type Entity } from '../../shared/schemas/entities'
import { ENTITY_RULES } from '../../shared/schemas/entity-rules'
import type { RecordRule } from '../../shared/schemas/rule-issue'
import { PROTOCOL_VERSION } from '../../shared/schemas/sync'
import type { ServerDeps } from '../app'
import { ApiError } from '../http/api-error'

let schemas:
  { version: string; entities: Record<Entity, unknown>; rules: Record<Entity, readonly RecordRule[]> } | undefined

function entitySchemas() {
  // refinements (sum rules, skip logic) have no JSON Schema form: `unrepresentable: 'any'` leaves them out
  schemas ??= {
    version: PROTOCOL_VERSION,
    entities: Object.fromEntries(
      ENTITIES.map((entity) => [
        entity,
        z.toJSONSchema(entityDataSchemas[entity], { io: 'input', unrepresentable: 'any' }),
      ]),
    ) as Record<Entity, unknown>,
    // each with its stable code (a refused mutation's field error), the fields it relates, and where it is checked
    rules: ENTITY_RULES,
  }
  return schemas
}

export function healthRoute(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/healthz', async () => {
    try {
      await sql`select 1`.execute(db)
    } catch {
      throw new ApiError(503, 'unavailable', 'The database does not answer')
    }
    return { ok: true }
  })
}

export function schemaRoute(app: FastifyInstance): void {
  app.get('/schema', async () => entitySchemas())
}
