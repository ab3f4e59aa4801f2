/**
 * Owns the server's ECDH P-256 key pairs for sealed push batches. A new server makes
 * one; a rotation adds one and makes it the active key; none is ever deleted, so a
 * batch a locked device sealed months ago still opens.
 *
 * At rest: with RELAIS_KEY_SECRET, each private JWK is encrypted with AES-256-GCM
 * under a key derived from the secret (HKDF-SHA256), with the kid as additional data.
 * Without it the private JWKs are stored in the clear, and the database must then be
 * protected like the secret itself. A secret set later wraps the clear keys at the next
 * start; a wrapped key with no secret, or with the wrong one, stops the start.
 */
import type { Kysely } from 'kysely'
import { generateServerKeyPair, publicPart, type ServerKeyPair } from '../../shared/crypto/server-keys'
import type { ServerKey } from '../../shared/schemas/keys'
import type { Database } from '../db/schema'
import { withJobLock } from './job-lock'

type Db = Kysely<Database>

const WRAP_INFO = 'relais-server-key-wrap-v1'
const WRAP_PREFIX = 'v1.'

export class KeySecretError extends Error {}

async function wrappingKey(secret: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', Buffer.from(secret, 'utf8'), 'HKDF', false, ['deriveKey'])
  const hkdf = { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: Buffer.from(WRAP_INFO) }
  return crypto.subtle.deriveKey(hkdf, ikm, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
}

async function wrap(key: CryptoKey, kid: string, privateJwk: JsonWebKey): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const params = { name: 'AES-GCM', iv, additionalData: Buffer.from(kid) }
  const ct = await crypto.subtle.encrypt(params, key, Buffer.from(JSON.stringify(privateJwk)))
  return `${WRAP_PREFIX}${Buffer.from(iv).toString('base64url')}.${Buffer.from(ct).toString('base64url')}`
}

async function unwrap(key: CryptoKey, kid: string, stored: string): Promise<JsonWebKey> {
  const [iv, ct] = stored.slice(WRAP_PREFIX.length).split('.')
  try {
    const params = { name: 'AES-GCM', iv: Buffer.from(iv ?? '', 'base64url'), additionalData: Buffer.from(kid) }
    const plain = await crypto.subtle.decrypt(params, key, Buffer.from(ct ?? '', 'base64url'))
    return JSON.parse(Buffer.from(plain).toString('utf8')) as JsonWebKey
  } catch {
    throw new KeySecretError(`RELAIS_KEY_SECRET does not open server key ${kid}: is it the secret it was wrapped with?`)
  }
}

export class ServerKeyring {
  private readonly privateKeys = new Map<string, JsonWebKey>()
  private wrapper: Promise<CryptoKey> | undefined

  constructor(
    private readonly db: Db,
    private readonly secret: string | undefined,
  ) {}

  /**
   * Makes the first key when there is none, wraps clear keys when a secret is set, and
   * checks every key opens. Under the `server-keys` lock (store/job-lock.ts): of several
   * processes first-starting on one PostgreSQL, one makes the key and the others open it.
   */
  async init(): Promise<void> {
    await withJobLock(this.db, 'server-keys', async (trx) => {
      const rows = await trx.selectFrom('server_keys').selectAll().execute()
      if (rows.length === 0) {
        await this.addKey(trx)
        return
      }
      for (const row of rows) {
        const jwk = await this.open(row.kid, row.private_jwk, row.wrapped === 1)
        if (row.wrapped === 0 && this.secret !== undefined) {
          const wrapped = await wrap(await this.key(), row.kid, jwk)
          await trx
            .updateTable('server_keys')
            .set({ private_jwk: wrapped, wrapped: 1 })
            .where('kid', '=', row.kid)
            .execute()
        }
      }
    })
  }

  /** The public keys, newest first (GET /api/v1/keys). */
  async publicKeys(): Promise<ServerKey[]> {
    const rows = await this.db
      .selectFrom('server_keys')
      .select(['kid', 'public_jwk', 'created_at', 'active'])
      .orderBy('created_at', 'desc')
      .orderBy('kid')
      .execute()
    return rows.map((row) => ({
      kid: row.kid,
      jwk: publicPart(JSON.parse(row.public_jwk)),
      createdAt: row.created_at,
      active: row.active === 1,
    }))
  }

  /** The private JWK of `kid`, or undefined for a kid this server never published. */
  async privateJwk(kid: string): Promise<JsonWebKey | undefined> {
    const cached = this.privateKeys.get(kid)
    if (cached) return cached
    // another server process (one PostgreSQL) may have rotated since this one started
    const row = await this.db.selectFrom('server_keys').selectAll().where('kid', '=', kid).executeTakeFirst()
    return row ? this.open(row.kid, row.private_jwk, row.wrapped === 1) : undefined
  }

  /** Adds a new key pair and makes it the only active one; the old ones keep opening old batches. */
  rotate(): Promise<ServerKey> {
    // under the lock: two rotations at once in two processes would leave two active keys
    return withJobLock(this.db, 'server-keys', (trx) => this.addKey(trx))
  }

  private async addKey(trx: Db): Promise<ServerKey> {
    const pair: ServerKeyPair = await generateServerKeyPair()
    const privateJwk =
      this.secret === undefined
        ? JSON.stringify(pair.privateJwk)
        : await wrap(await this.key(), pair.kid, pair.privateJwk)
    await trx.updateTable('server_keys').set({ active: 0 }).execute()
    await trx
      .insertInto('server_keys')
      .values({
        kid: pair.kid,
        public_jwk: JSON.stringify(pair.publicJwk),
        private_jwk: privateJwk,
        wrapped: this.secret === undefined ? 0 : 1,
        created_at: pair.createdAt,
        active: 1,
      })
      .execute()
    this.privateKeys.set(pair.kid, pair.privateJwk)
    return { kid: pair.kid, jwk: pair.publicJwk, createdAt: pair.createdAt, active: true }
  }

  private key(): Promise<CryptoKey> {
    if (this.secret === undefined) throw new KeySecretError('No RELAIS_KEY_SECRET')
    this.wrapper ??= wrappingKey(this.secret)
    return this.wrapper
  }

  private async open(kid: string, stored: string, wrapped: boolean): Promise<JsonWebKey> {
    if (wrapped && this.secret === undefined) {
      throw new KeySecretError(`Server key ${kid} is wrapped: set RELAIS_KEY_SECRET to the secret it was wrapped with`)
    }
    const jwk = wrapped ? await unwrap(await this.key(), kid, stored) : (JSON.parse(stored) as JsonWebKey)
    this.privateKeys.set(kid, jwk)
    return jwk
  }
}
