import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CaseIndex } from '@/cases/case-index'
import { CaseIndexStore } from '@/cases/case-index-store'
import type { CaseSummary } from '@/cases/case-finder'
import { loadCaseIndex, saveSnapshot } from '@/cases/case-snapshot'
import { partCount, partOf } from '@/cases/snapshot-tuples'
import { openUserDb, type RelaisDb } from '@/data/db'
import { applyPulledChanges } from '@/data/pull-apply'
import { pullWorkers, WORKER_MIN_CHANGES } from '@/data/pull-workers'
import { saveRecord } from '@/data/records'
import { encryptJson } from '@/shared/crypto/record-cipher'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'
import type { NamedRegistration } from '@/shared/schemas/registration'
import type { Change } from '@/shared/schemas/sync'
import { rawRows, rawText } from '../data/raw-idb'
import { InThreadWorker } from '../helpers/in-thread-pull-worker'
import { namedRegistration } from '../helpers/records'
import { sealedDb } from '../data/fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const stores: CaseIndexStore[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.dispose()
  vi.restoreAllMocks()
})

const PEOPLE: [string, string][] = [
  ['Zeinabou', 'Kountché'],
  ['Mamadou', 'Diallo'],
  ['Aïssata', 'Traoré'],
  ['Ousmane', 'Sidibé'],
  ['Fatoumata', 'Koné'],
]

async function seed(db: RelaisDb): Promise<NamedRegistration[]> {
  const saved: NamedRegistration[] = []
  for (const [givenName, familyName] of PEOPLE) {
    const data = namedRegistration({
      givenName,
      familyName,
      document: { type: 'passport', number: `DOC-${familyName}` },
    })
    await saveRecord(db, 'registration', data)
    saved.push(data)
  }
  return saved
}

/** Counts AES-GCM decryptions (one per record, one for the snapshot). */
function countDecryptions(): { count(): number } {
  const spy = vi.spyOn(crypto.subtle, 'decrypt')
  return { count: () => spy.mock.calls.length }
}

/** Every value of every object store of the database, read as an attacker would. */
async function everyTableText(db: RelaisDb): Promise<string> {
  const names = db.tables.map((t) => t.name)
  expect(names).toEqual(expect.arrayContaining(['registrations', 'meta', 'outbox']))
  const texts = await Promise.all(names.map(async (name) => rawText(await rawRows(db.name, name))))
  return texts.join('\n')
}

function startStore(db: RelaisDb, saveDelayMs = 10): CaseIndexStore {
  const store = new CaseIndexStore(db, { saveDelayMs })
  stores.push(store)
  return store
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('loading the case index', () => {
  it('decrypts every case once without a snapshot, then only the cases changed since it', async () => {
    const db = sealedDb(keys)
    const [zeinabou, mamadou] = (await seed(db)) as [NamedRegistration, NamedRegistration]

    const first = await loadCaseIndex(db)
    expect(first).toMatchObject({ decrypted: 5, fromSnapshot: false, changed: true })
    await saveSnapshot(db, first.index.all())

    // nothing changed: one decryption, the snapshot's
    const decryptions = countDecryptions()
    const unchanged = await loadCaseIndex(db)
    expect(unchanged).toMatchObject({ decrypted: 0, fromSnapshot: true, changed: false })
    expect(decryptions.count()).toBe(1)
    expect(unchanged.index.size).toBe(5)
    expect(unchanged.index.search('Aichatou Traore')[0]?.familyName).toBe('Traoré')
    expect(unchanged.index.search('doc-diallo')[0]?.id).toBe(mamadou.id)

    // one edit, one new case, one case gone
    await later(2) // a later localUpdatedAt than the snapshot's stamp
    await saveRecord(db, 'registration', { ...mamadou, givenName: 'Mohamed' })
    const newcomer = namedRegistration({ givenName: 'Hawa', familyName: 'Keita' })
    await saveRecord(db, 'registration', newcomer)
    await db.registrations.delete(zeinabou.id)
    const before = decryptions.count()
    const loaded = await loadCaseIndex(db)
    expect(loaded).toMatchObject({ decrypted: 2, fromSnapshot: true, changed: true })
    expect(decryptions.count() - before).toBe(3)
    expect(loaded.index.size).toBe(5)
    expect(loaded.index.get(zeinabou.id)).toBeUndefined()
    expect(loaded.index.search('Zeinabou')).toEqual([])
    expect(loaded.index.get(mamadou.id)?.givenName).toBe('Mohamed')
    expect(loaded.index.search('Hawa Keita')[0]?.id).toBe(newcomer.id)
  })

  it('takes each case’s sync state from the clear state index, without decrypting it', async () => {
    const db = sealedDb(keys)
    const [first] = (await seed(db)) as [NamedRegistration]
    await saveSnapshot(db, (await loadCaseIndex(db)).index.all())
    // an acknowledgement changes the state only (as acknowledge.ts does)
    await db.registrations.update(first.id, { state: 'sent', syncedRev: 1 })
    const [other, refused] = (await db.registrations.toCollection().primaryKeys()).filter((id) => id !== first.id)
    await db.registrations.update(other as string, { state: 'conflict' })
    const errors = [{ path: ['givenName'], code: 'too_long', message: 'Too long' }]
    await db.registrations.update(refused as string, { state: 'rejected', errors })
    const decryptions = countDecryptions()
    const loaded = await loadCaseIndex(db)
    // the snapshot, and the refused case for its reasons (not a change to seal again)
    expect(decryptions.count()).toBe(2)
    expect(loaded).toMatchObject({ decrypted: 1, changed: false })
    const states = loaded.index.all().map((c) => c.state)
    expect(states.filter((s) => s === 'sent')).toHaveLength(1)
    expect(states.filter((s) => s === 'conflict')).toHaveLength(1)
    expect(states.filter((s) => s === 'pending')).toHaveLength(2)
    expect(loaded.index.get(refused as string)).toMatchObject({ state: 'rejected', errors })
  })

  it('decrypts every case when the clock was set back since the snapshot', async () => {
    const db = sealedDb(keys)
    await seed(db)
    await saveSnapshot(db, (await loadCaseIndex(db)).index.all(), { now: new Date('2030-01-01T00:00:00Z') })
    expect(await loadCaseIndex(db)).toMatchObject({ decrypted: 5, fromSnapshot: false })
    expect(await loadCaseIndex(db, new Date('2030-01-02T00:00:00Z'))).toMatchObject({
      decrypted: 0,
      fromSnapshot: true,
    })
  })

  it('never stores a name, a document number or a case number in clear, in any table', async () => {
    const db = sealedDb(keys)
    await seed(db)
    await saveRecord(
      db,
      'registration',
      namedRegistration({ caseNumber: 'AGZ-7K-0042', givenName: 'Rakiatou', familyName: 'Abdou' }),
    )
    const store = startStore(db)
    await store.start()
    await store.saveNow()
    expect((await db.meta.get('caseIndex'))?.value).toMatchObject({ v: 2, parts: 1 })
    expect((await db.meta.get('caseIndex:0'))?.value).toHaveProperty('enc')
    const raw = await everyTableText(db)
    for (const [given, family] of [...PEOPLE, ['Rakiatou', 'Abdou']]) {
      expect(raw).not.toContain(given)
      expect(raw).not.toContain(family)
    }
    for (const [, family] of PEOPLE) expect(raw).not.toContain(`DOC-${family}`)
    expect(raw).not.toContain('AGZ-7K-0042')
  })
})

describe('the live case index', () => {
  it('follows saves, pulls and deletions while unlocked, decrypting only the changed cases', async () => {
    const db = sealedDb(keys)
    await seed(db)
    const store = startStore(db)
    const seen = vi.fn()
    store.subscribe(seen)
    await store.start()
    expect(store.finder()?.size).toBe(5)

    const decryptions = countDecryptions()
    const hawa = namedRegistration({ givenName: 'Hawa', familyName: 'Keita', vulnerabilities: ['elderly'] })
    await saveRecord(db, 'registration', hawa)
    await vi.waitFor(() => expect(store.finder()?.get(hawa.id)?.givenName).toBe('Hawa'))
    // the save opens the row it replaces (none here); the index takes the new case from the save
    expect(decryptions.count()).toBe(0)
    expect(store.finder()?.search('')[0]?.id).toBe(hawa.id)

    // a sync answer (the state only, as acknowledge.ts writes it): nothing decrypted
    const before = decryptions.count()
    const row = await db.registrations.get(hawa.id)
    await db.registrations.put({ ...(row as NonNullable<typeof row>), state: 'sent', syncedRev: 1 })
    await vi.waitFor(() => expect(store.finder()?.get(hawa.id)?.state).toBe('sent'))
    const errors = [{ path: ['givenName'], code: 'too_long', message: 'Too long' }]
    await db.registrations.update(hawa.id, { state: 'rejected', errors })
    await vi.waitFor(() => expect(store.finder()?.get(hawa.id)).toMatchObject({ state: 'rejected', errors }))
    expect(decryptions.count()).toBe(before)
    expect(store.finder()?.get(hawa.id)?.givenName).toBe('Hawa')

    const pulled = namedRegistration({
      givenName: 'Kadiatou',
      familyName: 'Bah',
      updatedAt: '2020-01-01T00:00:00.000Z',
    })
    const change = { entity: 'registration' as const, recordId: pulled.id, rev: 4, deleted: false, data: pulled }
    await applyPulledChanges(db, [change], 'cursor-1')
    await vi.waitFor(() => expect(store.finder()?.get(pulled.id)?.state).toBe('sent'))
    expect(store.finder()?.search('Kadiatu Ba')[0]?.id).toBe(pulled.id)
    expect(decryptions.count()).toBe(before) // the pull hands its clear cases to the index

    await applyPulledChanges(db, [{ ...change, rev: 5, deleted: true, data: undefined }], 'cursor-2')
    await vi.waitFor(() => expect(store.finder()?.get(pulled.id)).toBeUndefined())
    expect(store.finder()?.search('Kadiatou Bah')).toEqual([])
    expect(seen.mock.calls.length).toBeGreaterThanOrEqual(4)
    // sealed again shortly after the last change: the next unlock decrypts nothing else
    await vi.waitFor(async () => expect(await db.meta.get('caseIndexStale')).toBeUndefined())
    // (the refused case is opened at every unlock, for its reasons)
    expect(await loadCaseIndex(db)).toMatchObject({ decrypted: 1, fromSnapshot: true, changed: false })
  })

  it('follows the pages a pull worker stores through its own connection, decrypting nothing', async () => {
    const db = sealedDb(keys)
    await seed(db)
    const store = startStore(db, 60_000)
    await store.start()
    await store.saveNow()
    const decryptions = countDecryptions()
    // a page big enough for the workers (data/pull-workers.ts); each one, with the other
    // phone's older time: the snapshot's stamp cannot tell the next unlock they came
    const older = '2020-01-01T00:00:00.000Z'
    const pulled = Array.from({ length: WORKER_MIN_CHANGES }, (_, i) =>
      namedRegistration({ givenName: i === 0 ? 'Kadiatou' : 'Awa', familyName: 'Bah', updatedAt: older }),
    )
    const worker = new InThreadWorker()
    const workers = pullWorkers(db, () => worker)
    const storeText = async (changes: Change[], cursor: string) => {
      const read = await workers.read(JSON.stringify({ changes, cursor, more: false }))
      if (!read.ok) throw new Error('the page was not read')
      await read.page.store(cursor)
    }
    await storeText(
      pulled.map((data) => ({ entity: 'registration', recordId: data.id, rev: 2, deleted: false, data })),
      'c1',
    )
    expect(worker.kinds()).toEqual(['read', 'store'])
    await vi.waitFor(() => expect(store.finder()?.size).toBe(5 + WORKER_MIN_CHANGES))
    expect(store.finder()?.search('Kadiatu Ba')[0]?.id).toBe(pulled[0]?.id)
    expect(decryptions.count()).toBe(0) // the worker hands its clear cases over
    const gone = pulled[1]?.id as string
    // once started, the pull's small pages go to its workers too
    await storeText([{ entity: 'registration', recordId: gone, rev: 9, deleted: true }], 'c2')
    expect(worker.kinds()).toEqual(['read', 'store', 'read', 'store'])
    await vi.waitFor(() => expect(store.finder()?.get(gone)).toBeUndefined())
    workers.close()
    // the app dies before the snapshot is sealed again: the next unlock finds the cases
    // added and removed by their ids
    store.dispose()
    const loaded = await loadCaseIndex(db)
    expect(loaded.index.get(pulled[0]?.id as string)?.givenName).toBe('Kadiatou')
    expect(loaded.index.get(gone)).toBeUndefined()
  })

  it('seals a snapshot after changes, and after a crash before it, decrypts every case at the next unlock', async () => {
    const db = sealedDb(keys)
    await seed(db)
    // sealed only when asked (at lock): the two seconds after a change never pass here
    const store = startStore(db, 60_000)
    await store.start()
    await store.saveNow()
    expect(await loadCaseIndex(db)).toMatchObject({ decrypted: 0, fromSnapshot: true })

    // a pulled version keeps the other phone's (older) time: the stamp cannot tell it changed
    const [someone] = await db.registrations.toArray()
    const edited = { ...namedRegistration({ givenName: 'Ramatou', familyName: 'Issa' }), id: someone?.id as string }
    const old = '2020-01-01T00:00:00.000Z'
    // (sent and acknowledged: a pulled version is stored over it)
    await db.registrations.update(edited.id, { state: 'sent' })
    await db.outbox.where('recordId').equals(edited.id).delete()
    await applyPulledChanges(
      db,
      [{ entity: 'registration', recordId: edited.id, rev: 9, deleted: false, data: { ...edited, updatedAt: old } }],
      'c1',
    )
    await vi.waitFor(() => expect(store.finder()?.get(edited.id)?.givenName).toBe('Ramatou'))
    // the app dies before the snapshot is sealed again
    store.dispose()
    await later(20)
    expect(await db.meta.get('caseIndexStale')).toBeDefined()
    const afterCrash = await loadCaseIndex(db)
    expect(afterCrash).toMatchObject({ decrypted: 5, fromSnapshot: false })
    expect(afterCrash.index.get(edited.id)?.givenName).toBe('Ramatou')

    // unlocked again: the snapshot catches up and the flag goes
    const next = startStore(db)
    await next.start()
    await next.saveNow()
    expect(await db.meta.get('caseIndexStale')).toBeUndefined()
    const loaded = await loadCaseIndex(db)
    expect(loaded).toMatchObject({ decrypted: 0, fromSnapshot: true })
    expect(loaded.index.get(edited.id)?.givenName).toBe('Ramatou')
  })

  it('marks nothing stale for changes the next unlock sees by itself, and decrypts only those', async () => {
    const db = sealedDb(keys)
    const [first, second, third] = (await seed(db)) as [NamedRegistration, NamedRegistration, NamedRegistration]
    const store = startStore(db, 60_000)
    await store.start()
    await store.saveNow()
    await later(2) // later localUpdatedAt than the stamp

    // a local edit, a case new here (pulled, with the other phone's older time), a deletion,
    // and a sync answer that changes the state only
    await saveRecord(db, 'registration', { ...first, givenName: 'Mariama' })
    const pulled = namedRegistration({
      givenName: 'Kadiatou',
      familyName: 'Bah',
      updatedAt: '2020-01-01T00:00:00.000Z',
    })
    await applyPulledChanges(
      db,
      [{ entity: 'registration', recordId: pulled.id, rev: 2, deleted: false, data: pulled }],
      'c1',
    )
    await db.registrations.delete(second.id)
    const row = await db.registrations.get(third.id)
    await db.registrations.put({ ...(row as NonNullable<typeof row>), state: 'sent', syncedRev: 3 })
    await vi.waitFor(() => {
      expect(store.finder()?.get(third.id)?.state).toBe('sent')
      expect(store.finder()?.get(second.id)).toBeUndefined()
      expect(store.finder()?.get(pulled.id)).toBeDefined()
    })
    expect(await db.meta.get('caseIndexStale')).toBeUndefined()

    // the app dies before the snapshot is sealed again
    store.dispose()
    const decryptions = countDecryptions()
    const loaded = await loadCaseIndex(db)
    expect(loaded).toMatchObject({ decrypted: 2, fromSnapshot: true })
    expect(decryptions.count()).toBe(3)
    expect(loaded.index.get(first.id)?.givenName).toBe('Mariama')
    expect(loaded.index.get(pulled.id)?.givenName).toBe('Kadiatou')
    expect(loaded.index.get(second.id)).toBeUndefined()
    expect(loaded.index.get(third.id)?.state).toBe('sent')
  })

  it('forgets the index when disposed (locked)', async () => {
    const db = sealedDb(keys)
    await seed(db)
    const store = startStore(db)
    await store.start()
    store.dispose()
    expect(store.finder()).toBeUndefined()
    await saveRecord(db, 'registration', namedRegistration())
    await later(20)
    expect(store.finder()).toBeUndefined()
  })

  it('builds the search by itself once loaded, in slices that let the page answer taps, before anyone searches', async () => {
    const db = sealedDb(keys)
    await seed(db)
    const build = vi.spyOn(CaseIndex.prototype, 'prepareSearch')
    const search = vi.spyOn(CaseIndex.prototype, 'search')
    const store = startStore(db)
    await store.start()
    await vi.waitFor(() => expect(build.mock.results.some((r) => r.value === true)).toBe(true))
    // each slice is bounded: it is given a test that ends it, never left to run to the end
    for (const [goOn] of build.mock.calls) expect(goOn).toBeTypeOf('function')
    expect(search).not.toHaveBeenCalled()
    expect(
      store
        .finder()
        ?.search('Zeynabou Kountche')
        .map((c) => c.givenName),
    ).toEqual(['Zeinabou'])
  })
})

/** A summary as the index holds it, for snapshots written without records behind them. */
function summary(i: number, more: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: `case-${String(i).padStart(5, '0')}`,
    siteCode: 'AGZ-TC',
    caseNumber: `AGZ-7K-${String(i).padStart(5, '0')}`,
    named: true,
    givenName: 'Awa',
    familyName: `Diallo${i}`,
    sex: 'female',
    nationality: 'MLI',
    dateOfBirth: '1990-01-01',
    registeredOn: '2026-03-01',
    caseStatus: 'registered',
    vulnerabilities: [],
    possibleDuplicate: false,
    state: 'sent',
    localUpdatedAt: '2026-03-01T10:00:00.000Z',
    ...more,
  }
}

describe('the snapshot in parts', () => {
  it('seals a case in one part of a large snapshot, and a change seals only that part again', async () => {
    const cases = Array.from({ length: 700 }, (_, i) => summary(i))
    const plain = openUserDb(`cases-${newId()}`) // unprotected: the parts are plain, their rows readable
    expect(await saveSnapshot(plain, cases)).toBe(partCount(700))
    expect(partCount(700)).toBe(4)
    const rows = await Promise.all(
      [0, 1, 2, 3].map(
        async (part) => ((await plain.meta.get(`caseIndex:${part}`))?.value as { rows: unknown[][] }).rows,
      ),
    )
    expect(rows.flat()).toHaveLength(700)
    for (const [part, held] of rows.entries()) for (const row of held) expect(partOf(row[0] as string, 4)).toBe(part)

    const db = sealedDb(keys)
    await saveSnapshot(db, cases)
    const ivs = async () =>
      Promise.all(
        [0, 1, 2, 3].map(
          async (part) => ((await db.meta.get(`caseIndex:${part}`))?.value as { enc: { iv: Uint8Array } }).enc.iv,
        ),
      )
    const before = await ivs()
    const changed = { ...(cases[7] as CaseSummary), familyName: 'Traoré' }
    const next = cases.map((c) => (c.id === changed.id ? changed : c))
    expect(await saveSnapshot(db, next, { only: { parts: 4, ids: [changed.id] } })).toBe(4)
    const after = await ivs()
    const part = partOf(changed.id, 4)
    // sealed again: a new random IV; the other parts are the values stored before
    for (const i of [0, 1, 2, 3]) {
      if (i === part) expect(after[i]).not.toEqual(before[i])
      else expect(after[i]).toEqual(before[i])
    }
  })

  it('reads a snapshot of format 1 (one sealed value), then replaces it with parts at the next seal', async () => {
    const db = sealedDb(keys)
    const saved = await seed(db)
    // as the previous version sealed it: every summary as a tuple, under the AAD `case-index`
    const rows = (await db.registrations.toArray()).map((row) => {
      const person = saved.find((p) => p.id === row.id) as NamedRegistration
      return [
        row.id,
        person.siteCode,
        person.caseNumber ?? null,
        1,
        person.givenName,
        person.familyName,
        null,
        person.sex,
        person.nationality,
        person.dateOfBirth,
        null,
        person.document?.number ?? null,
        null,
        person.registeredOn,
        person.caseStatus,
        person.vulnerabilities,
        0,
        row.localUpdatedAt,
      ]
    })
    const stamp = rows
      .map((row) => row[17] as string)
      .sort()
      .at(-1) as string
    const enc = await encryptJson(keys.dataKey, 'case-index', rows)
    await db.meta.put({ key: 'caseIndex', value: { v: 1, stamp, writtenAt: new Date().toISOString(), enc } })

    const decryptions = countDecryptions()
    const loaded = await loadCaseIndex(db)
    expect(loaded).toMatchObject({ decrypted: 0, fromSnapshot: true, parts: 0 })
    expect(decryptions.count()).toBe(1)
    expect(loaded.index.search('Aichatou Traore')[0]?.familyName).toBe('Traoré')
    expect(loaded.index.search('doc-diallo')[0]?.givenName).toBe('Mamadou')

    // the store seals every part at its first save, over the old value
    const store = startStore(db, 60_000)
    await store.start()
    await store.saveNow()
    expect((await db.meta.get('caseIndex'))?.value).toEqual(
      expect.objectContaining({ v: 2, parts: 1, stamp: expect.any(String) }),
    )
    expect((await db.meta.get('caseIndex'))?.value).not.toHaveProperty('enc')
    expect(await loadCaseIndex(db)).toMatchObject({ decrypted: 0, fromSnapshot: true, parts: 1 })
  })

  it('seals nothing again for a sync answer, which changes no summary the snapshot keeps', async () => {
    const db = sealedDb(keys)
    const [first] = (await seed(db)) as [NamedRegistration]
    const store = startStore(db, 10)
    await store.start()
    await store.saveNow()
    const sealed = (await db.meta.get('caseIndex'))?.value
    const encryptions = vi.spyOn(crypto.subtle, 'encrypt')
    await db.registrations.update(first.id, { state: 'sent', syncedRev: 1 })
    await vi.waitFor(() => expect(store.finder()?.get(first.id)?.state).toBe('sent'))
    await later(30)
    await store.saveNow()
    expect(encryptions).not.toHaveBeenCalled()
    expect((await db.meta.get('caseIndex'))?.value).toEqual(sealed)
  })

  it('drops the parts of a larger snapshot before, and seals parts of another size again at load', async () => {
    const db = openUserDb(`cases-${newId()}`)
    const many = Array.from({ length: 700 }, (_, i) => summary(i))
    expect(await saveSnapshot(db, many)).toBe(4)
    expect(await saveSnapshot(db, many.slice(0, 100))).toBe(1)
    const keys = await db.meta.where('key').startsWith('caseIndex').primaryKeys()
    expect(keys.sort()).toEqual(['caseIndex', 'caseIndex:0'])

    // a snapshot of 5 cases sealed in 2 parts (as a version with smaller parts would)
    const saved = await seed(db)
    const held = (await db.registrations.toArray()).map((row) =>
      summary(0, { id: row.id, localUpdatedAt: row.localUpdatedAt, givenName: saved[0]?.givenName }),
    )
    await saveSnapshot(db, held)
    const header = (await db.meta.get('caseIndex'))?.value as { parts: number }
    const rows = ((await db.meta.get('caseIndex:0'))?.value as { rows: unknown[] }).rows
    await db.meta.bulkPut([
      { key: 'caseIndex', value: { ...header, parts: 2 } },
      { key: 'caseIndex:0', value: { rows: rows.slice(0, 2) } },
      { key: 'caseIndex:1', value: { rows: rows.slice(2) } },
    ])
    const loaded = await loadCaseIndex(db)
    expect(loaded).toMatchObject({ decrypted: 0, fromSnapshot: true, changed: true, parts: 0 })
    expect(loaded.index.size).toBe(5)
  })
})
