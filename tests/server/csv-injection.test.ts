import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '@/server/seed/csv'
import { newId } from '@/shared/ids'
import { flowCount, namedRegistration } from '../helpers/records'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

/** Cells a spreadsheet would run as a formula once it trims and normalises them. */
const FORMULAS = [
  '=1+1',
  ' =1+1',
  '\n=1+1',
  '\r\n=1+1',
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  '﹦1+1',
  '＋1+1',
  '－1+1',
  '＠SUM(A1)',
  '+227 90 00 00 00',
  '-1',
  '@SUM(A1)',
  '\u00a0=1+1',
  '\u3000=1+1',
  '\u200b=1+1',
  '\u200f=1+1',
  '\ufeff=1+1',
  ' \t\n ＝HYPERLINK("http://x")',
  '\tHello',
]
const ORDINARY = ['Aïchatou', 'محمد الأمين', 'Jean-Pierre', 'O’Brien', '2026-11-29', 'a=b', "'=already quoted"]

/** What a spreadsheet sees first: NFKC, then no leading spaces, controls or invisible characters. */
const runsAsFormula = (cell: string) =>
  /^[=+\-@]/.test(cell.normalize('NFKC').replace(/^[\s\p{Cc}\p{Cf}]+/u, '')) || /^[\t\r]/.test(cell)

describe.each(TEST_DATABASES)('CSV exports against formula injection (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let seq = 0
  const stored = new Map<string, string>()

  /** Writes a record straight into the database, as an older server or a restore could have left it. */
  async function storeRaw(entity: 'registration' | 'flowCount', data: { id: string; siteCode: string }) {
    const newest = await server.db
      .selectFrom('records')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst()
    seq = Math.max(seq, Number(newest?.seq ?? 0)) + 1
    await server.db
      .insertInto('records')
      .values({
        id: data.id,
        entity,
        site_code: data.siteCode,
        rev: 1,
        deleted: 0,
        data: JSON.stringify(data),
        seq,
        device_id: admin.deviceId,
        user_id: admin.user.id,
        updated_at: new Date().toISOString(),
      })
      .execute()
  }

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    for (const value of [...FORMULAS, ...ORDINARY]) {
      const record = namedRegistration({ givenName: value, nationality: value })
      stored.set(record.id, value)
      await storeRaw('registration', record)
    }
    // through the push endpoint too: whatever the schemas keep of these, the export defuses it
    await pushOk(
      server,
      admin,
      ['＝1+1', ' =1+1', '\n=1+1', '\u200b@x'].map((givenName) =>
        upsert('registration', namedRegistration({ givenName })),
      ),
    )
  })
  afterAll(() => server.close())

  const exportRows = async (file: string, query = '') => {
    const answer = await call(server, `/api/v1/export/${file}${query}`, { token: admin.token })
    expect(answer.status).toBe(200)
    const [header, _hxl, ...rows] = parseCsv(answer.body as unknown as string)
    return { header: header!, rows }
  }

  it.each(FORMULAS.map((value) => [JSON.stringify(value), value]))(
    'quotes %s, in personal and open columns alike',
    async (_name, value) => {
      const { header, rows } = await exportRows('registration.csv', '?personal=true')
      const row = rows.find((cells) => stored.get(cells[0]!) === value)!
      expect(row[header.indexOf('givenName')]).toBe(`'${value}`)
      expect(row[header.indexOf('nationality')]).toBe(`'${value}`)
    },
  )

  it.each(ORDINARY.map((value) => [value]))('leaves %s as it is', async (value) => {
    const { header, rows } = await exportRows('registration.csv', '?personal=true')
    const row = rows.find((cells) => stored.get(cells[0]!) === value)!
    expect(row[header.indexOf('givenName')]).toBe(value)
    expect(row[header.indexOf('registeredOn')]).toBe('2026-11-29')
  })

  it('leaves no cell a spreadsheet would run, whichever way the record came in', async () => {
    const { rows } = await exportRows('registration.csv', '?personal=true')
    expect(rows.length).toBe(FORMULAS.length + ORDINARY.length + 4)
    for (const cell of rows.flat()) expect(runsAsFormula(cell) && !cell.startsWith("'")).toBe(false)
  })

  it('keeps number columns numbers, a negative one too, and quotes the same text in a text column', async () => {
    const tally = { ...flowCount({ men: 12, total: 18 }), id: newId(), departureTown: '-1' }
    await storeRaw('flowCount', { ...tally, women: -1 } as typeof tally)
    const { header, rows } = await exportRows('flowCount.csv', '?personal=true') // with the record ids
    const row = rows.find((cells) => cells[0] === tally.id)!
    expect(row[header.indexOf('men')]).toBe('12')
    expect(row[header.indexOf('women')]).toBe('-1')
    expect(row[header.indexOf('departureTown')]).toBe("'-1")
    expect(row[header.indexOf('observedAt')]).toBe('2026-11-29T09:30:00+01:00') // tally.observedAt, to the second
  })
})
