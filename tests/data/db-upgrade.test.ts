/**
 * Records saved by an earlier version open after an update. Each earlier schema of
 * src/data/db.ts is rebuilt from its own declaration and filled with rows as the app
 * writes them (encrypted, queued); the snapshots in fixtures/ are databases written by
 * a released version (scripts/fixtures/write-db-snapshot.ts). The current RelaisDb then
 * opens each: every record decrypts to what was saved, the outbox still holds what was
 * not sent, in order, and the draft and the pull cursor are kept.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Dexie from 'dexie'
import { beforeAll, describe, expect, it } from 'vitest'
import { openUserDb, RelaisDb } from '@/data/db'
import { loadDraft } from '@/data/drafts'
import { keepFlowDays, readFlowDigests } from '@/data/flow-days'
import { indexOlderFlowRows } from '@/data/flow-week'
import { allQueuedEntries, openEntries, pendingCount } from '@/data/outbox'
import { getPullCursor } from '@/data/pull-apply'
import { getRecord, listRecords, saveRecord } from '@/data/records'
import { recordsIn, waitingRecordCount } from '@/data/waiting-records'
import { createVault, openVault, type VaultKeys } from '@/shared/crypto/vault'
import type { Entity } from '@/shared/schemas/entities'
import type { FlowCount } from '@/shared/schemas/flow-count'
import { siteDay } from '@/shared/site-time'
import { newId } from '@/shared/ids'
import { namedRegistration } from '../helpers/records'
import {
  dumpDatabase,
  restoreDatabase,
  SNAPSHOT_PASSPHRASE,
  snapshotFromJson,
  writeSampleData,
  type DbSnapshot,
} from './db-snapshot'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const snapshotFiles = readdirSync(FIXTURES).filter((f) => /^db-v\d+\.json$/.test(f))

const records = 'id, localUpdatedAt, state'
const recordsV2 = 'id, localUpdatedAt, state, purgeAfter, nameKey, docKey'
/** Each earlier version's full declaration, as db.ts declared it then. */
const EARLIER: Record<number, Record<string, string>> = {
  2: {
    registrations: recordsV2,
    assistance: recordsV2,
    referrals: recordsV2,
    flowCounts: recordsV2,
    surveys: recordsV2,
    outbox: '++seq, &mutationId, recordId, batchId, [status+seq], sealedBatchId',
    drafts: 'key',
    sites: 'code',
    meta: 'key',
    sealedBatches: 'batchId, createdAt',
  },
}
EARLIER[3] = { ...EARLIER[2], heldChanges: '[entity+recordId]' }
EARLIER[4] = {
  ...EARLIER[3],
  assistance: `${recordsV2}, registrationId`,
  referrals: `${recordsV2}, registrationId`,
  caseEvents: `${recordsV2}, registrationId`,
}
EARLIER[5] = {
  ...EARLIER[4],
  flowCounts: `${recordsV2}, [siteCode+siteDay]`,
  fmpStatuses: `${recordsV2}, [siteCode+siteDay]`,
}
/** Clear fields a version did not write yet (its indexes came later). */
const NOT_YET: Record<number, string[]> = {
  2: ['registrationId', 'siteCode', 'siteDay'],
  3: ['registrationId', 'siteCode', 'siteDay'],
  4: ['siteCode', 'siteDay'],
  5: [],
}

let current: number
beforeAll(async () => {
  const probe = new RelaisDb(`probe-${newId()}`)
  await probe.open()
  current = probe.verno
  probe.close()
})

/** Opens `name` with the current app, unlocked with the snapshot's vault, and checks everything is there. */
async function expectUpgradeKeeps(userId: string, snapshot: DbSnapshot): Promise<void> {
  const keys = await openVault(snapshot.vault, snapshot.passphrase)
  const db = openUserDb(userId)
  db.keySource = () => keys
  await db.open()
  expect(db.verno).toBe(current)
  const { expected } = snapshot

  for (const record of expected.records) {
    const found = await getRecord(db, record.entity as Entity, record.id)
    expect(found, `${record.entity} ${record.id}`).toMatchObject({
      data: record.data,
      state: record.state,
      syncedRev: record.syncedRev,
    })
  }
  const entities = [...new Set(expected.records.map((r) => r.entity as Entity))]
  for (const entity of entities) {
    expect(await listRecords(db, entity)).toHaveLength(expected.records.filter((r) => r.entity === entity).length)
  }

  expect(await pendingCount(db)).toBe(expected.outbox.length)
  const queued = await openEntries(db, await allQueuedEntries(db))
  expect(queued.map((e) => ({ recordId: e.recordId, entity: e.entity, data: e.data }))).toEqual(
    expected.outbox.map((e) => ({ ...e, data: expect.objectContaining(e.data as object) as unknown })),
  )
  for (const draft of expected.drafts) expect(await loadDraft(db, draft.key)).toEqual(draft.values)
  expect(await getPullCursor(db)).toBe(expected.pullCursor)

  // Today's figures: each tally is in its day (rows of before v5 once Today has indexed
  // them), before its day is sealed again and after
  await indexOlderFlowRows(db)
  const tallies = expected.records.filter((r) => r.entity === 'flowCount').map((r) => r.data as FlowCount)
  expect(tallies.length).toBeGreaterThan(0)
  const talliesOfDay = async ({ siteCode, observedAt }: FlowCount) => {
    const day = siteDay(new Date(observedAt))
    return (await readFlowDigests(db, siteCode, day, day)).get(day)?.tallies.map((t) => t.id)
  }
  for (const tally of tallies) expect(await talliesOfDay(tally)).toContain(tally.id)
  await keepFlowDays(db)
  expect(await db.flowDayMarks.count()).toBe(0)
  for (const tally of tallies) expect(await talliesOfDay(tally)).toContain(tally.id)

  // the records still waiting are counted from the index v9 added over the old entries
  const waitingBefore = await waitingRecordCount(db)
  expect(waitingBefore).toBeGreaterThan(0)
  const waiting = await db.outbox.filter((e) => e.status === 'queued' || e.status === 'sealed').toArray()
  expect(waitingBefore).toBe(recordsIn(waiting))
  // and the upgraded database takes new saves, queued after the old ones
  await saveRecord(db, 'registration', namedRegistration())
  expect(await pendingCount(db)).toBe(expected.outbox.length + 1)
  expect(await waitingRecordCount(db)).toBe(waitingBefore + 1)
  db.close()
}

describe('database upgrade from each earlier schema', () => {
  let written: DbSnapshot
  beforeAll(async () => {
    // rows as this version writes them; each earlier schema stored the same rows less the later indexes
    const { stored, keys } = await createVault(SNAPSHOT_PASSPHRASE, { unsafeTestIterations: 1000 })
    const db = openUserDb(`sample-${newId()}`)
    db.keySource = () => keys
    const expected = await writeSampleData(db)
    written = { ...(await dumpDatabase(db)), vault: stored, passphrase: SNAPSHOT_PASSPHRASE, expected }
    db.close()
  })

  it.each([2, 3, 4, 5])('opens a version %i database: records decrypt, the outbox keeps its order', async (version) => {
    const schema = EARLIER[version] ?? {}
    const tables = Object.fromEntries(
      Object.keys(schema).map((table) => [
        table,
        (written.tables[table] ?? []).map((row) => {
          const copy = { ...(row as Record<string, unknown>) }
          for (const field of NOT_YET[version] ?? []) delete copy[field]
          return copy
        }),
      ]),
    )
    const userId = `v${version}-${newId()}`
    await restoreDatabase(`relais-user-${userId}`, { version, schema, tables })
    await expectUpgradeKeeps(userId, written)
  })

  it('covers every version db.ts declared before the current one', () => {
    // a new version adds its predecessor here (and a snapshot of it in fixtures/)
    const declared = Object.keys(EARLIER).map(Number)
    const snapshots = snapshotFiles.map((f) => Number(/\d+/.exec(f)?.[0]))
    for (let version = 2; version < current; version++) {
      expect(declared.includes(version) || snapshots.includes(version), `version ${version}`).toBe(true)
    }
  })

  it('drops the clear rows of version 1 by design (no field data existed), keeping the sites', async () => {
    // db.ts v2: v1 stored personal data in clear and had no users in the field
    const userId = `v1-${newId()}`
    const old = new Dexie(`relais-user-${userId}`)
    old.version(1).stores({
      registrations: records,
      assistance: records,
      referrals: records,
      flowCounts: records,
      surveys: records,
      outbox: '++seq, &mutationId, recordId, batchId, [status+seq]',
      drafts: 'key',
      sites: 'code',
      meta: 'key',
    })
    const person = namedRegistration()
    await old.table('registrations').put({ id: person.id, entity: 'registration', data: person, syncedRev: 0 })
    await old.table('outbox').add({ mutationId: newId(), recordId: person.id, status: 'queued' })
    await old.table('sites').put({ code: 'AGZ-TC', name: 'Agadez' })
    await old.table('meta').put({ key: 'syncCursor', value: 'c1' })
    old.close()
    const db = openUserDb(userId)
    await db.open()
    expect(db.verno).toBe(current)
    expect(await db.registrations.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
    expect(await db.sites.count()).toBe(1)
    expect(await getPullCursor(db)).toBeUndefined()
    db.close()
  })
})

describe('database upgrade from the snapshots of released versions', () => {
  it('has a snapshot of the current version, so that the next schema change is tested from it', () => {
    expect(snapshotFiles).toContain(`db-v${current}.json`)
  })

  it.each(snapshotFiles)('opens %s: records decrypt, the outbox and the draft are kept', async (file) => {
    const snapshot = snapshotFromJson(readFileSync(join(FIXTURES, file), 'utf8'))
    expect(snapshot.version).toBeLessThanOrEqual(current)
    expect(snapshot.expected.outbox.length).toBeGreaterThan(0)
    const userId = `snapshot-${newId()}`
    await restoreDatabase(`relais-user-${userId}`, snapshot)
    await expectUpgradeKeeps(userId, snapshot)
  })

  it("turns v6's lists of the tallies written since a day was sealed into marks", async () => {
    const snapshot = snapshotFromJson(readFileSync(join(FIXTURES, 'db-v6.json'), 'utf8'))
    const listed = (snapshot.tables.flowDays as { siteCode: string; day: string; changed: string[] }[]).flatMap(
      ({ siteCode, day, changed }) => changed.map((id) => ({ siteCode, day, id })),
    )
    expect(listed.length).toBeGreaterThan(0)
    const userId = `v6-days-${newId()}`
    await restoreDatabase(`relais-user-${userId}`, snapshot)
    const db = openUserDb(userId)
    await db.open()
    expect(await db.flowDayMarks.toArray()).toEqual(listed.map((mark) => expect.objectContaining(mark) as unknown))
    for (const row of await db.flowDays.toArray()) expect(Object.keys(row).sort()).toEqual(['day', 'siteCode'])
    db.close()
  })

  it('cannot open a snapshot with another key', async () => {
    const snapshot = snapshotFromJson(readFileSync(join(FIXTURES, `db-v${current}.json`), 'utf8'))
    const userId = `wrong-key-${newId()}`
    await restoreDatabase(`relais-user-${userId}`, snapshot)
    const other: VaultKeys = (await createVault('another passphrase', { unsafeTestIterations: 1000 })).keys
    const db = openUserDb(userId)
    db.keySource = () => other
    const first = snapshot.expected.records[0]
    await expect(getRecord(db, first?.entity as Entity, first?.id ?? '')).rejects.toThrow()
    db.close()
  })
})
