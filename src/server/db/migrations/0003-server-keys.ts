/**
 * The server's ECDH P-256 key pairs for sealed push batches (docs/sync-protocol-sealed.md).
 * Keys are never deleted: a rotation adds one and marks the others inactive, and a
 * batch sealed months ago to an old key still opens. `private_jwk` is the private JWK
 * as JSON, or, when `wrapped` is 1, that JSON encrypted with RELAIS_KEY_SECRET
 * (store/server-keys.ts).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('wrapped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}
