/**
 * Snapshots of a user's database as one version of the app wrote it, for upgrade tests:
 * `writeSampleData` saves records the way the app does (encrypted, queued in the
 * outbox, a draft, a pulled record), `dumpDatabase` reads every table back raw, and
 * `restoreDatabase` writes a snapshot into a fresh IndexedDB under the schema that
 * version declared, so that the current RelaisDb then opens it as an upgrade would.
 *
 * Byte arrays (the ciphertexts) are kept in JSON as `{ "$bytes": base64 }`.
 */
import Dexie from 'dexie'
import type { RelaisDb } from '@/data/db'
import { saveDraft } from '@/data/drafts'
import { applyPulledChanges } from '@/data/pull-apply'
import { getRecord, saveRecord } from '@/data/records'
import type { StoredVault } from '@/shared/crypto/vault-format'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance } from '../server/helpers/case-records'

export interface DbSnapshot {
  /** The Dexie version number the tables were written under. */
  version: number
  /** Dexie's store declarations of that version, table by table. */
  schema: Record<string, string>
  /** The user's key vault and its passphrase (a test vault, cheap iterations). */
  vault: StoredVault
  passphrase: string
  /** What the rows must decrypt to. */
  expected: {
    records: { entity: string; id: string; data: unknown; state: string; syncedRev: number }[]
    /** Outbox entries still to send, in order: which record and its data. */
    outbox: { recordId: string; entity: string; data: unknown }[]
    drafts: { key: string; values: unknown }[]
    pullCursor: string
  }
  tables: Record<string, unknown[]>
}

export const SNAPSHOT_PASSPHRASE = 'fixture passphrase, not a secret'
export const SNAPSHOT_DRAFT_KEY = 'registration:new'
export const SNAPSHOT_CURSOR = 'fixture-cursor-1'

/** Saves, through the app's own data layer, the rows an upgrade must keep. */
export async function writeSampleData(db: RelaisDb): Promise<DbSnapshot['expected']> {
  const queued = namedRegistration({ givenName: 'Zeinabou', familyName: 'Kountché', registeredBy: db.userId })
  const tally = flowCount({ observedAt: '2026-11-28T10:30:00+01:00' })
  const pulled = namedRegistration({ givenName: 'Moussa', familyName: 'Ag Alhassane' })
  const saved = [
    await saveRecord(db, 'registration', queued),
    await saveRecord(db, 'assistance', assistance(queued.id)),
    await saveRecord(db, 'flowCount', tally),
  ]
  await applyPulledChanges(
    db,
    [{ entity: 'registration', recordId: pulled.id, rev: 4, deleted: false, data: pulled }],
    SNAPSHOT_CURSOR,
  )
  const draft = { givenName: 'Hadiza', familyName: 'Issoufou', step: 'identity' }
  await saveDraft(db, SNAPSHOT_DRAFT_KEY, draft)
  const stored = [...saved, await getRecord(db, 'registration', pulled.id)]
  return {
    records: stored.map((r) => {
      if (!r) throw new Error('the pulled record was not stored')
      return { entity: r.entity, id: r.id, data: r.data, state: r.state, syncedRev: r.syncedRev }
    }),
    outbox: saved.map((r) => ({ recordId: r.id, entity: r.entity, data: r.data })),
    drafts: [{ key: SNAPSHOT_DRAFT_KEY, values: draft }],
    pullCursor: SNAPSHOT_CURSOR,
  }
}

/** Every table's declaration and raw rows (ciphertexts as they are stored). */
export async function dumpDatabase(db: Dexie): Promise<Pick<DbSnapshot, 'version' | 'schema' | 'tables'>> {
  const schema: Record<string, string> = {}
  const tables: Record<string, unknown[]> = {}
  for (const table of db.tables) {
    schema[table.name] = [table.schema.primKey, ...table.schema.indexes].map((index) => index.src).join(', ')
    tables[table.name] = await table.toArray()
  }
  return { version: db.verno, schema, tables }
}

/** Writes a snapshot's rows into database `name` declared exactly as the snapshot's version was. */
export async function restoreDatabase(
  name: string,
  snapshot: Pick<DbSnapshot, 'version' | 'schema' | 'tables'>,
): Promise<void> {
  const old = new Dexie(name)
  old.version(snapshot.version).stores(snapshot.schema)
  await old.open()
  await old.transaction('rw', old.tables, async () => {
    for (const [table, rows] of Object.entries(snapshot.tables)) await old.table(table).bulkAdd(rows)
  })
  old.close()
}

/** JSON with byte arrays as `{ "$bytes": base64 }`. */
export function snapshotToJson(snapshot: DbSnapshot): string {
  return `${JSON.stringify(snapshot, (_key, value: unknown) => (isBytes(value) ? { $bytes: Buffer.from(value).toString('base64') } : value), 2)}\n`
}

export function snapshotFromJson(json: string): DbSnapshot {
  return JSON.parse(json, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
      return new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'))
    }
    return value
  }) as DbSnapshot
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]'
}
