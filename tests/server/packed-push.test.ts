/** Pushes whose mutations come packed (packed-push.ts, docs/sync-protocol.md), over real HTTP. */
import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@/shared/ids'
import { packMutations, type PackedMutations } from '@/shared/schemas/packed-push'
import type { Mutation } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { batch, pullAll, push, remove, upsert } from './helpers/sync-client'
import { TEST_DATABASES } from './helpers/databases'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

/** A push body with its mutations packed, as the app sends it (authored as batch() authors them). */
function packedBatch(session: Session, mutations: Mutation[]) {
  const { mutations: authored, ...envelope } = batch(session, mutations)
  return { ...envelope, packed: packMutations(authored) as PackedMutations }
}

const withDocument = () =>
  namedRegistration({ document: { type: 'passport', number: `P${randomUUID().slice(0, 8)}`, expiresOn: '2030-01-01' } })

describe.each(TEST_DATABASES)('packed push (%s)', (database) => {
  let server: TestServer
  let registrar: Session
  /** Reads what the server holds (a device's pull leaves out what it wrote itself). */
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const stored = async (id: string) => (await pullAll(server, admin)).changes.find((c) => c.recordId === id)

  it('applies packed mutations as it would the same mutations plain, sections included', async () => {
    const record = withDocument()
    const other = namedRegistration()
    const answer = await push(
      server,
      registrar,
      packedBatch(registrar, [upsert('registration', record), upsert('registration', other)]),
    )
    expect(answer.status).toBe(200)
    expect(answer.body.results.map((r) => [r.status, r.rev])).toEqual([
      ['applied', 1],
      ['applied', 1],
    ])
    expect((await stored(record.id))?.data).toEqual({ ...record, registeredBy: registrar.user.id })
  })

  it('answers a packed replay, and the same mutations sent plain, as duplicates', async () => {
    const mutations = [upsert('registration', namedRegistration()), upsert('registration', withDocument())]
    const body = packedBatch(registrar, mutations)
    expect((await push(server, registrar, body)).body.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    const replay = await push(server, registrar, body)
    expect(replay.body.results.map((r) => [r.mutationId, r.status, r.was])).toEqual(
      mutations.map((m) => [m.mutationId, 'duplicate', 'applied']),
    )
    const plain = await push(server, registrar, batch(registrar, mutations))
    expect(plain.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate'])
  })

  it('takes edits and deletes packed, gzip-compressed, with the preference for minimal answers', async () => {
    const record = namedRegistration()
    await push(server, registrar, packedBatch(registrar, [upsert('registration', record)]))
    const edit = upsert('registration', { ...record, caseStatus: 'assessed' }, 1, { changedFields: ['caseStatus'] })
    const answer = await push(server, registrar, gzipSync(JSON.stringify(packedBatch(registrar, [edit]))), {
      headers: { 'content-encoding': 'gzip', prefer: 'return=minimal' },
    })
    expect(answer.body.results).toEqual([expect.objectContaining({ status: 'applied', rev: 2 })])
    expect(answer.body.results[0]?.mutationId).toBeUndefined()
    const gone = await push(server, registrar, packedBatch(registrar, [remove('registration', record.id, 2)]))
    expect(gone.body.results).toEqual([expect.objectContaining({ status: 'applied', rev: 3 })])
    expect((await stored(record.id))?.deleted).toBe(true)
  })

  it('rejects a row whose data breaks the schema, on its field, and applies the others (rule 3)', async () => {
    const good = upsert('registration', namedRegistration())
    const bad = upsert('registration', namedRegistration({ nationality: 'XXX' }))
    const answer = await push(server, registrar, packedBatch(registrar, [bad, good]))
    expect(answer.status).toBe(200)
    expect(answer.body.results.map((r) => r.status)).toEqual(['rejected', 'applied'])
    expect(answer.body.results[0]?.errors?.map((e) => e.path)).toEqual(expect.arrayContaining([['nationality']]))
  })

  it('keeps a "__proto__" key a field, refused by the schema, and the server unharmed', async () => {
    const id = newId()
    const record = namedRegistration({ id })
    const keys = [...Object.keys(record), '__proto__']
    const body = {
      ...batch(registrar, []),
      mutations: undefined,
      packed: {
        shapes: [keys],
        rows: [
          {
            mutationId: newId(),
            entity: 'registration',
            baseRev: 0,
            shape: 0,
            values: [...Object.values(record), { isAdmin: true }],
          },
        ],
      },
    }
    const answer = await push(server, registrar, body)
    expect(answer.status).toBe(200)
    expect(answer.body.results[0]?.status).toBe('rejected')
    expect(answer.body.results[0]?.errors).toContainEqual(
      expect.objectContaining({ path: ['__proto__'], code: 'unrecognized_keys' }),
    )
    expect(await stored(id)).toBeUndefined()
  })

  it('answers a packed body it cannot unpack 400 invalid_batch, naming the place, and applies nothing (rule 4)', async () => {
    const record = namedRegistration()
    const body = packedBatch(registrar, [upsert('registration', record)])
    body.packed.rows[0]?.values?.pop()
    const answer = await push(server, registrar, body)
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      error: 'invalid_batch',
      issues: [expect.objectContaining({ path: ['packed', 'rows', 0, 'values'], code: 'unpackable' })],
    })
    expect(await stored(record.id)).toBeUndefined()
  })

  it('answers a body with mutations both plain and packed 400, and applies neither', async () => {
    const plain = upsert('registration', namedRegistration())
    const packed = upsert('registration', namedRegistration())
    const body = { ...packedBatch(registrar, [packed]), mutations: [plain] }
    const answer = await push(server, registrar, body)
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      error: 'invalid_batch',
      issues: [expect.objectContaining({ path: ['packed'] })],
    })
    expect(await stored(plain.recordId)).toBeUndefined()
  })

  it('answers 413 for 501 rows, and for keys that would spell out past the limit', async () => {
    const many = Array.from({ length: 501 }, () => upsert('registration', namedRegistration()))
    expect((await push(server, registrar, packedBatch(registrar, many))).status).toBe(413)

    // 500 rows of a 1,000-key list: 1 MB sent, 13 MB of keys once unpacked
    const keys = ['id', ...Array.from({ length: 999 }, (_, i) => `a-rather-long-key-${i}`)]
    const rows = Array.from({ length: 500 }, () => ({
      mutationId: newId(),
      entity: 'registration',
      baseRev: 0,
      shape: 0,
      values: [newId(), ...Array<number>(999).fill(0)],
    }))
    const answer = await push(server, registrar, {
      ...batch(registrar, []),
      mutations: undefined,
      packed: { shapes: [keys], rows },
    })
    expect(answer.status).toBe(413)
    expect(answer.body).toMatchObject({ error: 'batch_too_large' })
  })
})
