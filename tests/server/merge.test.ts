import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mutation } from '@/shared/schemas/sync'
import { flowCount, namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll, pushOk, remove, upsert } from './helpers/sync-client'
import { login, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

type Data = { id: string } & Record<string, unknown>

/** An edit as a device sends it: the whole record after the change, and the fields this edit touched. */
function edit(entity: Mutation['entity'], data: Data, baseRev: number, changes: Record<string, unknown>): Mutation {
  const updatedAt = new Date(Date.now() + 1000).toISOString()
  return upsert(entity, { ...data, ...changes, updatedAt }, baseRev, {
    changedFields: [...Object.keys(changes), 'updatedAt'],
  })
}

describe.each(TEST_DATABASES)('rule 5: three-way merge (%s)', (database) => {
  let server: TestServer
  let alpha: Session
  let beta: Session
  let tallyA: Session
  let tallyB: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    alpha = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    beta = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    tallyA = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    tallyB = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
  })
  afterAll(() => server.close())

  /** A case registered by `session`, which names its user (not_the_author). */
  async function created(session = alpha): Promise<Data> {
    const record = namedRegistration({ registeredBy: session.user.id })
    await pushOk(server, session, [upsert('registration', record)])
    return record
  }

  const history = (recordId: string) =>
    server.db
      .selectFrom('record_versions')
      .select(['rev', 'device_id'])
      .where('record_id', '=', recordId)
      .orderBy('rev')
      .execute()

  const openConflicts = (recordId: string) =>
    server.db
      .selectFrom('conflicts')
      .selectAll()
      .where('record_id', '=', recordId)
      .where('status', '=', 'open')
      .execute()

  it('merges edits of different fields, answers merged with the new rev and data, and keeps every version', async () => {
    const record = await created()
    await pushOk(server, beta, [edit('registration', record, 1, { phone: '+227 90 11 22 33' })])
    const mine = edit('registration', record, 1, { caseStatus: 'assessed' })
    const { results } = await pushOk(server, alpha, [mine])
    const merged = {
      ...record,
      phone: '+227 90 11 22 33',
      caseStatus: 'assessed',
      updatedAt: (mine.data as Data).updatedAt,
    }
    expect(results[0]).toEqual({ mutationId: mine.mutationId, status: 'merged', rev: 3, data: merged })
    expect((await history(record.id)).map((v) => v.rev)).toEqual([1, 2, 3])
    const seenByBeta = (await pullAll(server, beta)).changes.find((c) => c.recordId === record.id)
    expect(seenByBeta).toEqual({ entity: 'registration', recordId: record.id, rev: 3, deleted: false, data: merged })
  })

  it('takes the later updatedAt and never counts createdAt or updatedAt as a conflict', async () => {
    const record = await created()
    const later = new Date(Date.now() + 60_000).toISOString()
    await pushOk(server, beta, [
      upsert('registration', { ...record, occupation: 'Mason', updatedAt: later }, 1, {
        changedFields: ['occupation', 'updatedAt'],
      }),
    ])
    const mine = edit('registration', record, 1, { caseStatus: 'assessed' })
    const { results } = await pushOk(server, alpha, [mine])
    expect(results[0]).toMatchObject({ status: 'merged', data: { occupation: 'Mason', updatedAt: later } })
  })

  it('answers conflict when both changed a field, keeps the record and stores the incoming version', async () => {
    const record = await created()
    const theirs = edit('registration', record, 1, { caseStatus: 'assessed' })
    await pushOk(server, beta, [theirs])
    const mine = edit('registration', record, 1, { caseStatus: 'assisted', occupation: 'Driver' })
    const { results } = await pushOk(server, alpha, [mine])
    expect(results[0]).toEqual({ mutationId: mine.mutationId, status: 'conflict', rev: 2, data: theirs.data })
    const [stored] = await openConflicts(record.id)
    expect(stored).toMatchObject({
      mutation_id: mine.mutationId,
      base_rev: 1,
      current_rev: 2,
      device_id: alpha.deviceId,
    })
    expect(JSON.parse(stored?.data ?? 'null')).toEqual(mine.data)
    expect((await history(record.id)).map((v) => v.rev)).toEqual([1, 2])
  })

  it('never counts the device’s own versions since baseRev as concurrent', async () => {
    const record = await created()
    // alpha's first offline edit went through; beta changed another field; alpha's next
    // edit of the same field still carries baseRev 1
    const first = edit('registration', record, 1, { phone: '+227 90 00 00 01' })
    await pushOk(server, alpha, [first])
    await pushOk(server, beta, [
      edit('registration', { ...record, phone: '+227 90 00 00 01' }, 2, { occupation: 'Tailor' }),
    ])
    const second = edit('registration', { ...record, phone: '+227 90 00 00 01' }, 1, { phone: '+227 90 00 00 02' })
    const { results } = await pushOk(server, alpha, [second])
    expect(results[0]).toMatchObject({
      status: 'merged',
      rev: 4,
      data: { phone: '+227 90 00 00 02', occupation: 'Tailor' },
    })
  })

  it('answers plain applied when every version since baseRev is the device’s own', async () => {
    const record = await created()
    await pushOk(server, alpha, [edit('registration', record, 1, { phone: '+227 90 00 00 03' })])
    const { results } = await pushOk(server, alpha, [edit('registration', record, 1, { occupation: 'Cook' })])
    expect(results[0]).toEqual({ mutationId: expect.any(String), status: 'applied', rev: 3 })
  })

  it('counts another user on the same device as someone else', async () => {
    const record = await created()
    await pushOk(server, alpha, [edit('registration', record, 1, { caseStatus: 'assessed' })])
    const sharing = await login(server, beta.user.username, 'a-long-enough-password', alpha.deviceId)
    const { results } = await pushOk(server, sharing, [edit('registration', record, 1, { caseStatus: 'assisted' })])
    expect(results[0]).toMatchObject({ status: 'conflict', rev: 2 })
  })

  it('treats every field that differs from the base as changed when changedFields is absent', async () => {
    const record = await created()
    await pushOk(server, beta, [edit('registration', record, 1, { phone: '+227 90 00 00 04' })])
    const apart = upsert('registration', { ...record, occupation: 'Farmer' }, 1, { changedFields: undefined })
    expect((await pushOk(server, alpha, [apart])).results[0]).toMatchObject({ status: 'merged', rev: 3 })
    const same = upsert('registration', { ...record, phone: '+227 90 00 00 05' }, 1, { changedFields: undefined })
    expect((await pushOk(server, alpha, [same])).results[0]).toMatchObject({ status: 'conflict', rev: 3 })
  })

  it('counts the fields the device changed without naming them in changedFields: none of its changes is lost', async () => {
    const tally = flowCount()
    await pushOk(server, tallyA, [upsert('flowCount', tally)])
    await pushOk(server, tallyB, [edit('flowCount', tally, 1, { departureTown: 'Agadez' })])
    // the probe's push: both towns changed, none named
    const both = upsert('flowCount', { ...tally, departureTown: 'Arlit', destinationTown: 'Sebha' }, 1, {
      changedFields: [],
    })
    const { results } = await pushOk(server, tallyA, [both])
    expect(results[0]).toMatchObject({ status: 'conflict', rev: 2, data: { departureTown: 'Agadez' } })
    const [stored] = await openConflicts(tally.id)
    expect(JSON.parse(stored?.data ?? 'null')).toMatchObject({ departureTown: 'Arlit', destinationTown: 'Sebha' })
    // the destination alone, not named either: merged with it
    const other = flowCount()
    await pushOk(server, tallyA, [upsert('flowCount', other)])
    await pushOk(server, tallyB, [edit('flowCount', other, 1, { departureTown: 'Agadez' })])
    const destination = upsert('flowCount', { ...other, destinationTown: 'Sebha' }, 1, { changedFields: [] })
    expect((await pushOk(server, tallyA, [destination])).results[0]).toMatchObject({
      status: 'merged',
      rev: 3,
      data: { departureTown: 'Agadez', destinationTown: 'Sebha' },
    })
  })

  it('answers conflict for a merge that breaks a rule of the schema (a tally’s sums)', async () => {
    const tally = flowCount() // boys 2, girls 1, unaccompanied 1
    await pushOk(server, tallyA, [upsert('flowCount', tally)])
    await pushOk(server, tallyB, [edit('flowCount', tally, 1, { unaccompaniedChildren: 3 })])
    const mine = edit('flowCount', tally, 1, { boys: 1, men: 13 })
    const { results } = await pushOk(server, tallyA, [mine])
    expect(results[0]).toMatchObject({ status: 'conflict', rev: 2, data: { unaccompaniedChildren: 3, boys: 2 } })
    expect(await openConflicts(tally.id)).toHaveLength(1)
  })

  it('answers conflict for a stale delete of a record changed since, and applies one changed only by itself', async () => {
    const record = await created()
    await pushOk(server, beta, [edit('registration', record, 1, { occupation: 'Welder' })])
    expect((await pushOk(server, alpha, [remove('registration', record.id, 1)])).results[0]).toMatchObject({
      status: 'conflict',
      rev: 2,
    })
    const own = await created()
    await pushOk(server, alpha, [edit('registration', own, 1, { occupation: 'Welder' })])
    expect((await pushOk(server, alpha, [remove('registration', own.id, 1)])).results[0]).toMatchObject({
      status: 'applied',
      rev: 3,
    })
  })

  it('answers conflict for an edit of a record deleted since', async () => {
    const record = await created()
    await pushOk(server, beta, [remove('registration', record.id, 1)])
    const { results } = await pushOk(server, alpha, [edit('registration', record, 1, { occupation: 'Driver' })])
    expect(results[0]).toEqual({ mutationId: expect.any(String), status: 'conflict', rev: 2 })
  })

  it('merges a later mutation of the same batch against what the batch already wrote', async () => {
    const record = await created()
    await pushOk(server, beta, [edit('registration', record, 1, { occupation: 'Baker' })])
    const { results } = await pushOk(server, alpha, [
      edit('registration', record, 1, { phone: '+227 90 00 00 06' }),
      edit('registration', { ...record, phone: '+227 90 00 00 06' }, 1, { caseStatus: 'assessed' }),
    ])
    expect(results.map((r) => [r.status, r.rev])).toEqual([
      ['merged', 3],
      ['merged', 4],
    ])
    expect(results[1]?.data).toMatchObject({ occupation: 'Baker', phone: '+227 90 00 00 06', caseStatus: 'assessed' })
  })
})
