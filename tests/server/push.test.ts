import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@/shared/ids'
import { MAX_BATCH_BYTES, pushResponseSchema } from '@/shared/schemas/sync'
import { flowCount, namedRegistration } from '../helpers/records'
import { batch, pull, push, pushOk, remove, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('push (%s)', (database) => {
  let server: TestServer
  let registrar: Session
  let monitor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
  })
  afterAll(() => server.close())

  it('applies new records at rev 1 and answers a replayed batch with duplicate', async () => {
    const mutations = [upsert('registration', namedRegistration()), upsert('registration', namedRegistration())]
    const body = batch(registrar, mutations)
    const first = await push(server, registrar, body)
    expect(first.status).toBe(200)
    expect(pushResponseSchema.safeParse(first.body).success).toBe(true)
    expect(first.body.batchId).toBe(body.batchId)
    expect(first.body.results.map((r) => [r.status, r.rev])).toEqual([
      ['applied', 1],
      ['applied', 1],
    ])
    const replay = await push(server, registrar, body)
    expect(replay.body.results).toEqual(
      // the data as stored: the phone writes its user as the author (asAuthored)
      body.mutations.map((m) => ({
        mutationId: m.mutationId,
        status: 'duplicate',
        was: 'applied',
        rev: 1,
        data: m.data,
      })),
    )
  })

  it('applies an edit based on the current rev as rev + 1, and a delete as a tombstone', async () => {
    const record = namedRegistration()
    await pushOk(server, registrar, [upsert('registration', record)])
    const edit = await pushOk(server, registrar, [upsert('registration', { ...record, caseStatus: 'assessed' }, 1)])
    expect(edit.results[0]).toMatchObject({ status: 'applied', rev: 2 })
    const gone = await pushOk(server, registrar, [remove('registration', record.id, 2)])
    expect(gone.results[0]).toMatchObject({ status: 'applied', rev: 3 })
  })

  it('rejects a bad mutation with field paths and still applies the others', async () => {
    const good = upsert('registration', namedRegistration())
    const bad = upsert('registration', namedRegistration({ nationality: 'XXX', givenName: '' }))
    const { results } = await pushOk(server, registrar, [bad, good])
    expect(results[0]?.status).toBe('rejected')
    expect(results[0]?.errors?.map((e) => e.path)).toEqual(expect.arrayContaining([['nationality'], ['givenName']]))
    expect(results[1]).toMatchObject({ status: 'applied', rev: 1 })
  })

  it('rejects a tally whose sums do not add up, on the field to fix', async () => {
    const { results } = await pushOk(server, monitor, [upsert('flowCount', flowCount({ total: 99 }))])
    expect(results[0]?.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['total'], code: 'total_mismatch' })]),
    )
  })

  it('rejects data whose id is not the recordId', async () => {
    const mutation = { ...upsert('registration', namedRegistration()), recordId: newId() }
    const { results } = await pushOk(server, registrar, [mutation])
    expect(results[0]?.errors).toEqual([expect.objectContaining({ path: ['id'], code: 'id_mismatch' })])
  })

  it('rejects what the role may not write, and sites that are not the user’s', async () => {
    const { results } = await pushOk(server, monitor, [
      upsert('registration', namedRegistration({ siteCode: 'SEG-FMP' })),
      upsert('flowCount', flowCount({ siteCode: 'MAD-FMP' })),
      upsert('flowCount', flowCount()),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied'])
    expect(results[0]?.errors).toEqual([expect.objectContaining({ code: 'forbidden', path: [] })])
    expect(results[1]?.errors).toEqual([expect.objectContaining({ code: 'forbidden', path: ['siteCode'] })])
  })

  it('answers a stale create with conflict and the server’s version', async () => {
    const record = namedRegistration()
    await pushOk(server, registrar, [upsert('registration', record)])
    const admin = await loginAdmin(server)
    const { results } = await pushOk(server, admin, [upsert('registration', { ...record, familyName: 'Other' }, 0)])
    expect(results[0]).toMatchObject({
      status: 'conflict',
      rev: 1,
      data: { ...record, registeredBy: registrar.user.id },
    })
    const stored = await server.db.selectFrom('conflicts').selectAll().where('record_id', '=', record.id).execute()
    expect(stored).toHaveLength(1)
  })

  it('applies edits queued before the create was answered (baseRev 0), in one batch or after a lost answer', async () => {
    const record = namedRegistration()
    const create = upsert('registration', record)
    const edit = upsert('registration', { ...record, caseStatus: 'assessed' }, 0, { changedFields: ['caseStatus'] })
    const first = await pushOk(server, registrar, [create, edit])
    expect(first.results.map((r) => [r.status, r.rev])).toEqual([
      ['applied', 1],
      ['applied', 2],
    ])
    // the answer was lost: the device resends both, plus a third edit still on baseRev 0
    const third = upsert('registration', { ...record, caseStatus: 'assisted' }, 0, { changedFields: ['caseStatus'] })
    const retry = await pushOk(server, registrar, [create, edit, third])
    expect(retry.results.map((r) => [r.status, r.rev])).toEqual([
      ['duplicate', 1],
      ['duplicate', 2],
      ['applied', 3],
    ])
    expect(retry.results[2]?.data).toBeUndefined()
  })

  it('applies a device’s second offline edit on the same baseRev, and stores a concurrent one as a conflict', async () => {
    const record = namedRegistration()
    await pushOk(server, registrar, [upsert('registration', record)])
    const own = await pushOk(server, registrar, [
      upsert('registration', { ...record, caseStatus: 'assessed' }, 1),
      upsert('registration', { ...record, caseStatus: 'assisted' }, 1),
    ])
    expect(own.results.map((r) => [r.status, r.rev])).toEqual([
      ['applied', 2],
      ['applied', 3],
    ])
    const admin = await loginAdmin(server)
    const other = await pushOk(server, admin, [upsert('registration', { ...record, phone: '+227 90 00 00 00' }, 1)])
    expect(other.results[0]).toMatchObject({ status: 'conflict', rev: 3 })
  })

  it('rejects a baseRev above the record’s rev as unknown_rev', async () => {
    const { results } = await pushOk(server, registrar, [upsert('registration', namedRegistration(), 4)])
    expect(results[0]?.errors).toEqual([expect.objectContaining({ code: 'unknown_rev', path: ['baseRev'] })])
  })

  it('accepts a gzip-compressed body', async () => {
    const body = batch(registrar, [upsert('registration', namedRegistration())])
    const answer = await push(server, registrar, gzipSync(JSON.stringify(body)), {
      headers: { 'content-encoding': 'gzip' },
    })
    expect(answer.status).toBe(200)
    expect(answer.body.results[0]?.status).toBe('applied')
  })

  it('answers `Prefer: return=minimal` with the results in request order, without the ids sent', async () => {
    const kept = namedRegistration()
    await pushOk(server, registrar, [upsert('registration', kept)])
    const mutations = [
      upsert('registration', namedRegistration()),
      upsert('registration', kept, 7),
      upsert('registration', namedRegistration()),
    ]
    const body = gzipSync(JSON.stringify(batch(registrar, mutations)))
    const headers = { 'content-encoding': 'gzip', prefer: 'respond-async, return=minimal' }
    const answer = await push(server, registrar, body, { headers })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('preference-applied')).toBe('return=minimal')
    expect(answer.body.results.map((r) => [r.mutationId, r.status, r.rev])).toEqual([
      [undefined, 'applied', 1],
      [undefined, 'rejected', undefined],
      [undefined, 'applied', 1],
    ])
    // asked without the preference (an older phone), the same batch answers each id
    const again = await push(server, registrar, body, { headers: { 'content-encoding': 'gzip' } })
    expect(again.headers.get('preference-applied')).toBeNull()
    expect(again.body.results.map((r) => r.mutationId)).toEqual(mutations.map((m) => m.mutationId))
  })

  it('answers 400 invalid_batch for a corrupt gzip body', async () => {
    const zipped = gzipSync(JSON.stringify(batch(registrar, [upsert('registration', namedRegistration())])))
    zipped.fill(0x55, 12, 40)
    const answer = await push(server, registrar, zipped, { headers: { 'content-encoding': 'gzip' } })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_batch' })
  })

  it.each([
    ['a body that is not JSON', (): unknown => '{"deviceId": '],
    ['a batch without batchId', (): unknown => ({ ...batch(registrar, []), batchId: undefined })],
    ['mutations of the wrong type', (): unknown => ({ ...batch(registrar, []), mutations: 'none' })],
    [
      'a mutation without a valid mutationId',
      (): unknown => batch(registrar, [{ ...upsert('registration', namedRegistration()), mutationId: 'nope' }]),
    ],
  ])('answers 400 invalid_batch for %s', async (_name, body) => {
    const answer = await push(server, registrar, body())
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_batch', issues: expect.any(Array) })
  })

  it('answers 400 unsealable for a sealed batch (not opened yet)', async () => {
    const sealed = { kid: 'k1', epk: {}, iv: 'aa', ct: 'bb' }
    const answer = await push(server, registrar, { ...batch(registrar, []), mutations: undefined, sealed })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toBe('unsealable')
  })

  it('answers 413 for 501 mutations and applies none', async () => {
    const mutations = Array.from({ length: 501 }, () => upsert('registration', namedRegistration()))
    const answer = await push(server, registrar, batch(registrar, mutations))
    expect(answer.status).toBe(413)
    expect(answer.body).toEqual(
      expect.objectContaining({ error: 'batch_too_large', maxMutations: 500, maxBytes: MAX_BATCH_BYTES }),
    )
    const again = await pushOk(server, registrar, mutations.slice(0, 1))
    expect(again.results[0]?.status).toBe('applied')
  })

  it('answers 413 for more than 2 MiB of JSON, plain or gzip, and applies none', async () => {
    const small = upsert('registration', namedRegistration())
    const big = upsert('registration', namedRegistration({ occupation: 'x'.repeat(MAX_BATCH_BYTES) }))
    const body = JSON.stringify(batch(registrar, [small, big]))
    expect((await push(server, registrar, body)).status).toBe(413)
    const zipped = await push(server, registrar, gzipSync(body), { headers: { 'content-encoding': 'gzip' } })
    expect(zipped.status).toBe(413)
    expect(zipped.body.error).toBe('batch_too_large')
    const again = await pushOk(server, registrar, [small])
    expect(again.results[0]?.status).toBe('applied')
  })

  it('refuses a small gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '))
    expect(bomb.length).toBeLessThan(MAX_BATCH_BYTES)
    const answer = await push(server, registrar, bomb, { headers: { 'content-encoding': 'gzip' } })
    expect(answer.status).toBe(413)
    const device = await server.db
      .selectFrom('devices')
      .select('last_error')
      .where('device_id', '=', registrar.deviceId)
      .executeTakeFirstOrThrow()
    expect(device.last_error).toBe('batch_too_large')
  })

  it('keeps the device’s reported queue and app version for the sync view', async () => {
    await push(server, registrar, batch(registrar, [], { queue: { pending: 7 }, appVersion: '0.1.0' }))
    const row = await server.db
      .selectFrom('devices')
      .selectAll()
      .where('device_id', '=', registrar.deviceId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ pending: 7, app_version: '0.1.0' }) // an empty batch answers nothing
    expect(row.last_push_at).not.toBeNull()
    expect((await pull(server, registrar)).status).toBe(200)
  })
})
