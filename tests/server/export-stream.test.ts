/**
 * Entity exports as streams, CSV and XLSX: no record id without the personal columns,
 * the XLSX read back with exceljs (header, HXL and data rows, numbers as numbers,
 * text kept exactly as typed, never a formula), narrowing to sites, and 20,000 records
 * streamed to the last row.
 */
import { get } from 'node:http'
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqliteHandle } from '@/server/db/open'
import { parseCsv } from '@/server/seed/csv'
import { siteDay } from '@/shared/site-time'
import { xlsxStream } from '@/server/export/export-xlsx'
import { bulkInsert } from '@/server/store/bulk-insert'
import type { AuditPage } from '@/shared/schemas/audit'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance } from './helpers/case-records'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const LARGE = 20_000

async function download(server: TestServer, path: string, session: Session, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${session.token}`, ...headers } })
  return { res, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** Every sheet of an XLSX as rows of cell values, empty cells null (exceljs's 1-based columns made 0-based). */
async function readXlsx(bytes: Buffer): Promise<{ name: string; rows: unknown[][] }[]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = []
    const width = sheet.columnCount
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as unknown[]
      rows.push(Array.from({ length: width }, (_, i) => values[i + 1] ?? null))
    })
    return { name: sheet.name, rows }
  })
}

describe.each(TEST_DATABASES)('streamed exports (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  const here = namedRegistration({ givenName: 'Hadiza', dateOfBirth: '2010-05-01', phone: '+227 90 12 34 56' })
  const formula = namedRegistration({ givenName: '=HYPERLINK("http://x")', nationality: 'NER' })
  const elsewhere = namedRegistration({ siteCode: 'DRK-TC', givenName: 'Elsewhere' })
  const tally = flowCount({ men: 15, women: 0, pregnantWomen: 0 })
  const arlit = flowCount({ siteCode: 'ARL-FMP', departureTown: '-1' })

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'SEG-FMP', 'ARL-FMP'])
    await pushOk(server, admin, [
      upsert('registration', here),
      upsert('registration', formula),
      upsert('registration', elsewhere),
      upsert('assistance', assistance(here.id)),
      upsert('flowCount', tally),
      upsert('flowCount', arlit),
    ])
  })
  afterAll(() => server.close())

  const csv = async (path: string, session = supervisor) => {
    const { res, bytes } = await download(server, path, session)
    expect(res.status).toBe(200)
    const [header, hxl, ...rows] = parseCsv(bytes.toString('utf8'))
    return { res, header: header!, hxl: hxl!, rows }
  }
  const exportAudits = async () => {
    const answer = await call<AuditPage>(server, '/api/v1/audit?limit=1000', { token: admin.token })
    return answer.body.entries.filter((e) => e.action === 'export')
  }

  it('leaves record ids out of the non-personal CSV', async () => {
    const registrations = await csv('/api/v1/export/registration.csv')
    expect(registrations.header).not.toContain('id')
    expect(registrations.header).not.toContain('caseNumber')
    expect(registrations.rows).toHaveLength(2)
    expect(JSON.stringify(registrations.rows)).not.toContain(here.id)
    expect(registrations.rows.map((row) => row[registrations.header.indexOf('ageGroup')]).sort()).toEqual([
      '12_17',
      '18_59',
    ])
    const help = await csv('/api/v1/export/assistance.csv')
    expect(help.header).not.toContain('id')
    expect(help.header).not.toContain('registrationId')
    expect(JSON.stringify(help.rows)).not.toContain(here.id)
    expect(help.hxl.every((tag) => tag.startsWith('#'))).toBe(true)
  })

  it('keeps the ids, tagged, in the personal CSV, and audits it before sending', async () => {
    const before = (await exportAudits()).length
    const { header, hxl, rows } = await csv('/api/v1/export/assistance.csv?personal=true')
    expect(hxl[header.indexOf('id')]).toBe('#meta+id')
    expect(hxl[header.indexOf('registrationId')]).toBe('#meta+id+registration')
    expect(rows.map((row) => row[header.indexOf('registrationId')])).toEqual([here.id])
    const audits = await exportAudits()
    expect(audits).toHaveLength(before + 1)
    expect(audits[0]).toMatchObject({
      actorUserId: supervisor.user.id,
      target: 'assistance',
      details: { personal: true, format: 'csv', rows: 'streamed', sites: ['AGZ-TC', 'ARL-FMP', 'SEG-FMP'] },
    })
  })

  it('writes an XLSX that exceljs opens: the header, the HXL row, then the rows, numbers as numbers', async () => {
    const { res, bytes } = await download(server, '/api/v1/export/flowCount.xlsx', supervisor)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    // named by the day in Niger, not the server's UTC date
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="relais-flowCount-${siteDay()}.xlsx"`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const sheets = await readXlsx(bytes)
    expect(sheets.map((s) => s.name)).toEqual(['flowCount'])
    const [header, hxl, ...rows] = sheets[0]!.rows
    const fromCsv = await csv('/api/v1/export/flowCount.csv')
    expect(header).toEqual(fromCsv.header)
    expect(hxl).toEqual(fromCsv.hxl)
    expect(header).not.toContain('id')
    expect(rows).toHaveLength(2)
    const col = (name: string) => header!.indexOf(name)
    const segRow = rows.find((row) => row[col('siteCode')] === 'SEG-FMP')!
    expect(segRow[col('men')]).toBe(15)
    expect(segRow[col('women')]).toBe(0)
    expect(segRow[col('total')]).toBe(18)
    expect(segRow[col('siteName')]).toBeTypeOf('string')
    // text as typed (a town, in the personal export): the CSV's leading ' (a spreadsheet
    // would run -1 as a formula) is not the XLSX's
    const [typed] = await readXlsx(
      (await download(server, '/api/v1/export/flowCount.xlsx?personal=true', supervisor)).bytes,
    )
    const typedCsv = await csv('/api/v1/export/flowCount.csv?personal=true')
    const town = typed!.rows[0]!.indexOf('departureTown')
    expect(typed!.rows.find((row) => row.includes(arlit.id))![town]).toBe('-1')
    expect(typedCsv.rows.find((row) => row.includes(arlit.id))![town]).toBe("'-1")
    // every row of the XLSX is the CSV's row, cell for cell, but for that quote
    const asText = (row: unknown[]) => row.map((cell) => (cell === null ? '' : String(cell)))
    const unquoted = (row: string[]) => row.map((cell) => cell.replace(/^'/, ''))
    expect(rows.map(asText).sort()).toEqual(fromCsv.rows.map(unquoted).sort())
  })

  it('writes text in the XLSX exactly as typed, in string cells, never formulas, and keeps ids in its personal version', async () => {
    const before = (await exportAudits()).length
    const { bytes } = await download(server, '/api/v1/export/registration.xlsx?personal=true', supervisor)
    const [header, hxl, ...rows] = (await readXlsx(bytes))[0]!.rows
    expect(hxl![header!.indexOf('id')]).toBe('#meta+id')
    expect(hxl![header!.indexOf('caseNumber')]).toBe('#meta+id+case')
    expect(hxl![header!.indexOf('givenName')]).toBeNull()
    const byId = new Map(rows.map((row) => [row[0], row]))
    expect([...byId.keys()].sort()).toEqual([here.id, formula.id].sort())
    expect(byId.get(formula.id)![header!.indexOf('givenName')]).toBe('=HYPERLINK("http://x")')
    expect(byId.get(here.id)![header!.indexOf('givenName')]).toBe('Hadiza')
    expect(byId.get(here.id)![header!.indexOf('phone')]).toBe('+227 90 12 34 56')
    // no cell of the file is a formula: every text is a string cell
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
    const types = new Set<ExcelJS.ValueType>()
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => types.add(cell.type)))
    expect(types.has(ExcelJS.ValueType.String)).toBe(true)
    expect(types.has(ExcelJS.ValueType.Formula)).toBe(false)
    expect((await exportAudits())[0]).toMatchObject({
      target: 'registration',
      details: { personal: true, format: 'xlsx', rows: 'streamed' },
    })
    expect(await exportAudits()).toHaveLength(before + 1)
    // the CSV of the same records keeps the quote: a spreadsheet would run the text there
    const personalCsv = await csv('/api/v1/export/registration.csv?personal=true')
    const csvById = new Map(personalCsv.rows.map((row) => [row[0], row]))
    expect(csvById.get(here.id)![personalCsv.header.indexOf('phone')]).toBe("'+227 90 12 34 56")
    expect(csvById.get(formula.id)![personalCsv.header.indexOf('givenName')]).toBe(`'=HYPERLINK("http://x")`)
  })

  it('narrows to the sites asked for, silently leaving out those the caller does not cover', async () => {
    const arlitOnly = await csv('/api/v1/export/flowCount.csv?sites=ARL-FMP')
    expect(arlitOnly.rows.map((row) => row[arlitOnly.header.indexOf('siteCode')])).toEqual(['ARL-FMP'])
    const notMine = await csv('/api/v1/export/registration.csv?sites=DRK-TC')
    expect(notMine.rows).toEqual([])
    const mixed = await csv('/api/v1/export/registration.csv?sites=DRK-TC,AGZ-TC')
    expect(mixed.rows).toHaveLength(2)
    const adminDrk = await csv('/api/v1/export/registration.csv?sites=DRK-TC&personal=true', admin)
    expect(adminDrk.rows.map((row) => row[0])).toEqual([elsewhere.id])
    expect((await exportAudits())[0]).toMatchObject({ details: { sites: ['DRK-TC'] } })
  })

  it('answers 400 with field errors for a bad query, 404 for an unknown format, 405 to HEAD, 403 for a registrar', async () => {
    const bad = await call(server, '/api/v1/export/flowCount.csv?sites=not%20a%20site', { token: supervisor.token })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({
      error: 'invalid_request',
      issues: [expect.objectContaining({ path: ['sites', 0] })],
    })
    const personal = await call(server, '/api/v1/export/flowCount.csv?personal=yes', { token: supervisor.token })
    expect(personal.status).toBe(400)
    expect((await call(server, '/api/v1/export/flowCount.pdf', { token: supervisor.token })).status).toBe(404)
    expect((await call(server, '/api/v1/export/flowCount.xlsx.csv', { token: supervisor.token })).status).toBe(404)
    const before = (await exportAudits()).length
    const head = await call(server, '/api/v1/export/flowCount.csv', { method: 'HEAD', token: supervisor.token })
    expect(head.status).toBe(405) // not run for nothing: a HEAD would read every row
    expect(await exportAudits()).toHaveLength(before)
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect((await call(server, '/api/v1/export/registration.xlsx', { token: registrar.token })).status).toBe(403)
  })

  describe(`${LARGE} records`, () => {
    const ids = new Set<string>()
    beforeAll(async () => {
      const newest = await server.db
        .selectFrom('records')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst()
      let seq = Number(newest?.seq ?? 0)
      const at = new Date().toISOString()
      const rows = Array.from({ length: LARGE }, (_, i) => {
        const data = flowCount({ siteCode: i % 2 === 0 ? 'SEG-FMP' : 'ARL-FMP', men: i % 50, total: (i % 50) + 6 })
        ids.add(data.id)
        seq += 1
        return {
          id: data.id,
          entity: 'flowCount' as const,
          site_code: data.siteCode,
          rev: 1,
          deleted: 0,
          data: JSON.stringify(data),
          seq,
          device_id: admin.deviceId,
          user_id: admin.user.id,
          updated_at: at,
        }
      })
      await server.db.transaction().execute((trx) => bulkInsert(trx, sqliteHandle(server.db), 'records', rows))
    }, 60_000)

    it('streams every row of the CSV, gzipped on the wire, each record once', async () => {
      const { res, header, rows } = await csv('/api/v1/export/flowCount.csv?personal=true')
      expect(res.headers.get('content-encoding')).toBe('gzip')
      expect(rows).toHaveLength(LARGE + 2)
      const got = rows.map((row) => row[header.indexOf('id')]!)
      expect(new Set(got).size).toBe(got.length)
      const gotIds = new Set(got)
      expect([...ids].filter((id) => !gotIds.has(id))).toEqual([])
      const menSum = rows.reduce((sum, row) => sum + Number(row[header.indexOf('men')]), 0)
      let expected = 15 + 12
      for (let i = 0; i < LARGE; i += 1) expected += i % 50
      expect(menSum).toBe(expected)
    }, 60_000)

    it('streams every row of the XLSX', async () => {
      const { res, bytes } = await download(server, '/api/v1/export/flowCount.xlsx', supervisor)
      expect(res.status).toBe(200)
      // exceljs's streaming reader: loading 20,000 rows whole takes it seconds
      const sheets: number[] = []
      for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {})) {
        let rows = 0
        for await (const row of sheet) if (row.hasValues) rows += 1
        sheets.push(rows)
      }
      expect(sheets).toEqual([LARGE + 2 + 2])
    }, 60_000)

    it('keeps answering after a client goes away in the middle of an export', async () => {
      // its own socket (no keep-alive pool), destroyed after the first bytes, as a closed tab would
      const firstBytes = await new Promise<number>((resolve, reject) => {
        const request = get(
          `${server.url}/api/v1/export/flowCount.xlsx`,
          { agent: false, headers: { authorization: `Bearer ${supervisor.token}` } },
          (res) => {
            res.once('data', (chunk: Buffer) => {
              request.destroy()
              resolve(chunk.byteLength)
            })
          },
        )
        request.on('error', (error) => (request.destroyed ? undefined : reject(error)))
      })
      expect(firstBytes).toBeGreaterThan(0)
      const after = await csv('/api/v1/export/flowCount.csv?sites=ARL-FMP')
      expect(after.rows).toHaveLength(LARGE / 2 + 1)
    }, 60_000)
  })
})

describe('the XLSX writer', () => {
  it('goes on in a new sheet, with its own header and HXL rows, when a sheet is full; replaces what XML cannot hold', async () => {
    async function* pages() {
      yield [
        [1, 'a'],
        [2, '=b'],
      ]
      yield [
        [3, null],
        [4, 'bell\u0007 and lone \ud800 surrogate'],
      ]
    }
    const columns = [{ header: 'n', hxl: '#x+n' }, { header: 'text' }]
    const stream = xlsxStream({ columns, pages: pages() }, { sheetName: 'flowCount', maxRowsPerSheet: 4 })
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    const sheets = await readXlsx(Buffer.concat(chunks))
    expect(sheets).toEqual([
      {
        name: 'flowCount',
        rows: [
          ['n', 'text'],
          ['#x+n', null],
          [1, 'a'],
          [2, '=b'],
        ],
      },
      {
        name: 'flowCount (2)',
        rows: [
          ['n', 'text'],
          ['#x+n', null],
          [3, null],
          [4, 'bell\ufffd and lone \ufffd surrogate'],
        ],
      },
    ])
  })
})
