/**
 * What the entity exports hold, over real HTTP (CSV and XLSX): every field a person can
 * record has a column (checked against the shared schemas, nested blocks included), the
 * personal ones only with `?personal=true`; the survey's coded answers reach the
 * standard export, in the questionnaire's order, with HXL tags.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { newId } from '@/shared/ids'
import { ENTITIES, entityDataSchemas, type Entity } from '@/shared/schemas/entities'
import type { Survey } from '@/shared/schemas/survey'
import { parseCsv } from '@/server/seed/csv'
import { flowCount, fmpStatus, namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const stamp = () => new Date().toISOString()

function survey(overrides: Partial<Extract<Survey, { consent: true }>> = {}): Survey {
  const at = stamp()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'SEG-FMP',
    interviewedOn: '2026-12-06',
    consent: true,
    age: 27,
    sex: 'male',
    maritalStatus: 'married',
    nationality: 'NGA',
    countryOfBirth: 'CMR',
    educationLevel: 'secondary',
    employmentBeforeLeaving: 'self_employed',
    originCountry: 'NGA',
    originTown: 'Kano',
    previousCountry: 'NER',
    nextDestination: 'LBY',
    finalDestination: 'ITA',
    travellingInGroup: true,
    groupSize: 4,
    reasonsForLeaving: ['economic', 'family'],
    journeyCostKnown: true,
    journeyCostXof: 350_000,
    journeyFunding: ['savings', 'loan'],
    previousAttempts: 1,
    difficulties: ['violence', 'theft_of_documents'],
    needs: ['food', 'water'],
    ...overrides,
  }
}

/** The paths of a schema's fields (`migration.originCountry`), nested blocks walked into, lists not. */
function fieldPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def
  const inner = (key: string) => fieldPaths(def[key] as z.ZodType, prefix)
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
      return inner('innerType')
    case 'pipe':
      return inner('in')
    case 'union':
      return [...new Set((def.options as z.ZodType[]).flatMap((option) => fieldPaths(option, prefix)))]
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) =>
        fieldPaths(field, prefix ? `${prefix}.${key}` : key),
      )
    default:
      return [prefix]
  }
}

/** Columns named for what they hold rather than after their field. */
const RENAMED: Record<string, string> = {
  // a case event's site is its case's centre now, not where it happened
  siteCode: 'currentCentreCode',
}

/** A field's column: its own name, or its block's name then its own (`avrrCategory`). */
const columnNames = (path: string) => {
  const [block, name] = path.split('.') as [string, string | undefined]
  if (name === undefined) return [block, ...(RENAMED[block] ? [RENAMED[block]] : [])]
  return [name, `${block}${name[0]!.toUpperCase()}${name.slice(1)}`]
}

/** Kept by the server, not recorded by a person: the device's times, and a merge's mark (merged cases are not exported). */
const NOT_RECORDED = new Set(['createdAt', 'updatedAt', 'mergedInto'])

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer)
  const sheet = workbook.worksheets[0]!
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as unknown[]
    rows.push(Array.from({ length: sheet.columnCount }, (_, i) => (values[i + 1] == null ? '' : String(values[i + 1]))))
  })
  return rows
}

describe.each(TEST_DATABASES)('export columns (%s)', (database) => {
  let server: TestServer
  let supervisor: Session
  const duplicate = namedRegistration({ givenName: 'Mariama' })
  const person = namedRegistration({
    caseNumber: 'AGZ-7K-0042',
    consentGivenBy: 'person',
    aliases: ['Mariam', 'Maryam Bint Ali'],
    countryOfBirth: 'MLI',
    placeOfBirth: 'Gao',
    languages: ['Songhai', 'Tamasheq'],
    maritalStatus: 'single',
    educationLevel: 'primary',
    occupation: 'Trader',
    phone: '+227 90 12 34 56',
    document: { type: 'passport', number: 'A1234567', expiresOn: '2030-01-01' },
    household: { groupId: newId(), relationship: 'head' },
    migration: {
      originCountry: 'MLI',
      originTown: 'Gao',
      leftHomeOn: '2026-01-15',
      transitCountries: ['NER', 'DZA'],
      monthsInLibya: 0,
      monthsInAlgeria: 7,
      reasonsForLeaving: ['economic'],
      intendedDestination: 'DZA',
      intentionNow: 'return_home',
      abuseEnRoute: ['theft_of_documents'],
    },
    avrr: {
      category: 'avr',
      voluntarinessSigned: true,
      travelDocumentStatus: 'requested',
      fitToTravel: true,
      travelReadyOn: '2026-12-20',
      destinationCountry: 'MLI',
      destinationTown: 'Gao',
      reintegrationCounselling: false,
    },
    possibleDuplicateOf: [duplicate.id],
  })
  const answered = survey()
  const noDifficulty = survey({ difficulties: [], needs: ['none'], travellingInGroup: false, groupSize: undefined })
  // paid by none of the ways listed; and a cost not known, so how it was paid not asked
  const noFunding = survey({ journeyFunding: [] })
  const costUnknown = survey({ journeyCostKnown: false, journeyCostXof: undefined, journeyFunding: undefined })
  // the vulnerabilities step asks every case: nothing ticked is an answer
  const notVulnerable = namedRegistration({ vulnerabilities: [] })
  const refusedAt = stamp()
  const refused: Survey = {
    id: newId(),
    createdAt: refusedAt,
    updatedAt: refusedAt,
    siteCode: 'SEG-FMP',
    interviewedOn: '2026-12-06',
    consent: false,
  }
  const records: Record<Entity, { id: string } & Record<string, unknown>> = {
    registration: person,
    assistance: assistance(person.id, { notes: 'Blanket and mat' }),
    referral: referral(person.id, { to: 'other_partner', partnerName: 'MSF', outcomeNotes: 'Seen', sentBy: 'user-1' }),
    flowCount: flowCount({ departureTown: 'Agadez', destinationTown: 'Sebha' }),
    survey: answered,
    caseEvent: caseEvent(person.id, {
      kind: 'status_changed',
      fromStatus: 'registered',
      toStatus: 'closed',
      closureReason: 'other',
    }),
    fmpStatus: fmpStatus({ reason: 'Sandstorm' }),
  }

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'ARL-TC', 'SEG-FMP'])
    await pushOk(server, admin, [
      upsert('registration', duplicate),
      ...ENTITIES.map((entity) => upsert(entity, records[entity])),
      upsert('survey', noDifficulty),
      upsert('survey', refused),
      upsert('survey', noFunding),
      upsert('survey', costUnknown),
      upsert('registration', notVulnerable),
    ])
  })
  afterAll(() => server.close())

  const download = async (path: string) => {
    const res = await fetch(`${server.url}/api/v1/export/${path}`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    })
    expect(res.status).toBe(200)
    return Buffer.from(await res.arrayBuffer())
  }
  /** The CSV's header, HXL and data rows, and a row's cell by header. */
  const csv = async (path: string) => {
    const [header, hxl, ...rows] = parseCsv((await download(path)).toString('utf8').slice(1))
    const cell = (row: string[] | undefined, name: string) => {
      expect(header).toContain(name)
      return row?.[header!.indexOf(name)]
    }
    return { header: header!, hxl: hxl!, rows, cell }
  }

  it.each(ENTITIES)('gives every field a person records in %s a column of the personal export', async (entity) => {
    const { header, rows } = await csv(`${entity}.csv?personal=true`)
    const fields = fieldPaths(entityDataSchemas[entity] as z.ZodType).filter((path) => !NOT_RECORDED.has(path))
    const columnOf = (path: string) => columnNames(path).find((name) => header.includes(name))
    expect(fields.filter((path) => columnOf(path) === undefined)).toEqual([])
    // and the column holds what the record holds: no field of this record exports as an empty cell
    const row = rows.find((cells) => cells.includes(records[entity].id))
    const valueAt = (path: string) =>
      path
        .split('.')
        .reduce<unknown>((data, key) => (data as Record<string, unknown> | undefined)?.[key], records[entity])
    const held = fields.filter((path) => valueAt(path) !== undefined)
    expect(held.filter((path) => row?.[header.indexOf(columnOf(path)!)] === '')).toEqual([])
  })

  it("puts the survey's coded answers in the standard export, in the questionnaire's order, with HXL tags", async () => {
    const { header, hxl, rows, cell } = await csv('survey.csv')
    expect(header).toEqual([
      'siteCode',
      'siteName',
      'adm1',
      'interviewedOn',
      'consent',
      'ageGroup',
      'sex',
      'maritalStatus',
      'nationality',
      'countryOfBirth',
      'educationLevel',
      'employmentBeforeLeaving',
      'originCountry',
      'previousCountry',
      'nextDestination',
      'finalDestination',
      'travellingInGroup',
      'groupSize',
      'reasonsForLeaving',
      'journeyCostKnown',
      'journeyCostXof',
      'journeyFunding',
      'previousAttempts',
      'difficulties',
      'needs',
    ])
    // every column of the standard export is tagged
    expect(hxl.every((tag) => tag.startsWith('#'))).toBe(true)
    expect(hxl[header.indexOf('journeyCostXof')]).toBe('#value+cost+xof')
    expect(hxl[header.indexOf('countryOfBirth')]).toBe('#country+code+birth')
    const row = rows.find((cells) => cells.includes('self_employed') && cells.includes('violence theft_of_documents'))
    expect(cell(row, 'maritalStatus')).toBe('married')
    expect(cell(row, 'countryOfBirth')).toBe('CMR')
    expect(cell(row, 'educationLevel')).toBe('secondary')
    expect(cell(row, 'employmentBeforeLeaving')).toBe('self_employed')
    expect(cell(row, 'journeyCostKnown')).toBe('true')
    expect(cell(row, 'journeyCostXof')).toBe('350000')
    // several choices in one cell, as the other multi-choice columns
    expect(cell(row, 'journeyFunding')).toBe('savings loan')
    expect(cell(row, 'reasonsForLeaving')).toBe('economic family')
    // the exact age and the town typed by hand stay personal, last, untagged
    const personal = await csv('survey.csv?personal=true')
    expect(personal.header.slice(-2)).toEqual(['age', 'originTown'])
    expect(personal.hxl.slice(-2)).toEqual(['', ''])
    expect(
      personal.cell(
        personal.rows.find((cells) => cells.includes(answered.id)),
        'originTown',
      ),
    ).toBe('Kano')
  })

  it("keeps a tally's towns, typed by hand, out of the standard export: personal, last, untagged", async () => {
    const { header, hxl } = await csv('flowCount.csv')
    expect(header).not.toContain('departureTown')
    expect(header).not.toContain('destinationTown')
    // the coded countries beside them stay, tagged
    expect(hxl[header.indexOf('departureCountry')]).toBe('#country+code+origin')
    expect(hxl[header.indexOf('destinationCountry')]).toBe('#country+code+dest')
    const personal = await csv('flowCount.csv?personal=true')
    expect(personal.header.slice(-2)).toEqual(['departureTown', 'destinationTown'])
    expect(personal.hxl.slice(-2)).toEqual(['', ''])
    const row = personal.rows.find((cells) => cells.includes(records.flowCount.id))
    expect(personal.cell(row, 'departureTown')).toBe('Agadez')
    expect(personal.cell(row, 'destinationTown')).toBe('Sebha')
  })

  it('writes the same survey columns in XLSX, the cost a number', async () => {
    const [header, , ...rows] = await readXlsx(await download('survey.xlsx'))
    const fromCsv = await csv('survey.csv')
    expect(header).toEqual(fromCsv.header)
    expect(rows).toEqual(fromCsv.rows)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await download('survey.xlsx')) as unknown as ExcelJS.Buffer)
    const costs: unknown[] = []
    workbook.worksheets[0]!.eachRow((row) => costs.push(row.getCell(header!.indexOf('journeyCostXof') + 1).value))
    expect(costs).toContain(350_000)
  })

  it('tells "none of these" difficulties (none) from a question not asked (empty)', async () => {
    const { rows, cell } = await csv('survey.csv?personal=true')
    const difficulties = (id: string) =>
      cell(
        rows.find((cells) => cells.includes(id)),
        'difficulties',
      )
    expect(difficulties(noDifficulty.id)).toBe('none')
    expect(difficulties(answered.id)).toBe('violence theft_of_documents')
    expect(difficulties(refused.id)).toBe('')
    // needs has its own "none" code, kept as it is
    expect(
      cell(
        rows.find((cells) => cells.includes(noDifficulty.id)),
        'needs',
      ),
    ).toBe('none')
    const [header, , ...sheet] = await readXlsx(await download('survey.xlsx?personal=true'))
    const at = header!.indexOf('difficulties')
    expect(sheet.find((cells) => cells.includes(noDifficulty.id))?.[at]).toBe('none')
    expect(sheet.find((cells) => cells.includes(refused.id))?.[at]).toBe('')
  })

  it('exports how a journey was paid, ticked none of its ways, as none where the skip logic asked it', async () => {
    const { rows, cell } = await csv('survey.csv?personal=true')
    const funding = (id: string) =>
      cell(
        rows.find((cells) => cells.includes(id)),
        'journeyFunding',
      )
    expect(funding(noFunding.id)).toBe('none')
    expect(funding(answered.id)).toBe('savings loan')
    // not asked: the cost is not known, or the interview was refused
    expect(funding(costUnknown.id)).toBe('')
    expect(funding(refused.id)).toBe('')
    const [header, , ...sheet] = await readXlsx(await download('survey.xlsx?personal=true'))
    const at = header!.indexOf('journeyFunding')
    expect(sheet.find((cells) => cells.includes(noFunding.id))?.[at]).toBe('none')
    expect(sheet.find((cells) => cells.includes(costUnknown.id))?.[at]).toBe('')
  })

  it('exports a registration with no vulnerability ticked as none, in CSV and XLSX, with personal data only', async () => {
    const named = await csv('registration.csv?personal=true')
    const vulnerabilities = (id: string) =>
      named.cell(
        named.rows.find((cells) => cells.includes(id)),
        'vulnerabilities',
      )
    expect(vulnerabilities(notVulnerable.id)).toBe('none')
    expect(vulnerabilities(person.id)).toBe('single_woman')
    // without personal data, no vulnerability at all: rare flags single a person out
    // (export-anonymous-registrations.test.ts)
    const plain = await csv('registration.csv')
    expect(plain.header).not.toContain('vulnerabilities')
    const [header, , ...sheet] = await readXlsx(await download('registration.xlsx?personal=true'))
    const at = header!.indexOf('vulnerabilities')
    expect(sheet.find((cells) => cells.includes(notVulnerable.id))?.[at]).toBe('none')
    expect(sheet.find((cells) => cells.includes(person.id))?.[at]).toBe('single_woman')
  })

  it('puts each alias and language on its own line of the cell, so that a name of two words stays one', async () => {
    const { rows, cell } = await csv('registration.csv?personal=true')
    const row = rows.find((cells) => cells.includes(person.id))
    expect(cell(row, 'aliases')).toBe('Mariam\nMaryam Bint Ali')
    expect(cell(row, 'languages')).toBe('Songhai\nTamasheq')
    // the CSV quotes the cell, as RFC 4180 does for a line break
    const text = (await download('registration.csv?personal=true')).toString('utf8')
    expect(text).toContain(',"Mariam\nMaryam Bint Ali",')
    const [header, , ...sheet] = await readXlsx(await download('registration.xlsx?personal=true'))
    expect(sheet.find((cells) => cells.includes(person.id))?.[header!.indexOf('aliases')]).toBe(
      'Mariam\nMaryam Bint Ali',
    )
    // codes keep their space
    expect(cell(row, 'transitCountries')).toBe('NER DZA')
  })

  it('writes every time in Niger time, to the second, whatever offset the phone wrote', async () => {
    const registration = namedRegistration()
    // 23:30 UTC on the 6th is 00:30 on the 7th in Niamey
    const event = caseEvent(registration.id, { at: '2026-12-06T23:30:05.120Z' })
    const tally = flowCount({ observedAt: '2026-12-05T23:30:00Z' })
    const closed = fmpStatus({ from: '2026-12-05T08:00:00.000Z', to: '2026-12-05T10:00:00+01:00' })
    await pushOk(server, supervisor, [
      upsert('registration', registration),
      upsert('caseEvent', event),
      upsert('flowCount', tally),
      upsert('fmpStatus', closed),
    ])
    const timeOf = async (entity: Entity, id: string, name: string) => {
      const { rows, cell } = await csv(`${entity}.csv?personal=true`)
      return cell(
        rows.find((cells) => cells.includes(id)),
        name,
      )
    }
    expect(await timeOf('caseEvent', event.id, 'at')).toBe('2026-12-07T00:30:05+01:00')
    expect(await timeOf('flowCount', tally.id, 'observedAt')).toBe('2026-12-06T00:30:00+01:00')
    expect(await timeOf('fmpStatus', closed.id, 'from')).toBe('2026-12-05T09:00:00+01:00')
    expect(await timeOf('fmpStatus', closed.id, 'to')).toBe('2026-12-05T10:00:00+01:00')
    // every time column of every export, CSV and XLSX
    const NIGER_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+01:00$/
    for (const [entity, names] of [
      ['caseEvent', ['at']],
      ['flowCount', ['observedAt']],
      ['fmpStatus', ['from', 'to']],
    ] as const) {
      const { header, rows } = await csv(`${entity}.csv`)
      const [xlsxHeader, , ...sheet] = await readXlsx(await download(`${entity}.xlsx`))
      for (const name of names) {
        expect(rows.length).toBeGreaterThan(0)
        for (const row of rows) expect(row[header.indexOf(name)]).toMatch(NIGER_TIME)
        for (const row of sheet) expect(row[xlsxHeader!.indexOf(name)]).toMatch(NIGER_TIME)
      }
    }
  })

  it("names a case event's site for what it is, the case's centre now, since events move with a transfer", async () => {
    const moving = namedRegistration()
    const edited = caseEvent(moving.id, { at: '2026-12-06T09:56:05.000Z' })
    const changed = caseEvent(moving.id, { kind: 'status_changed', fromStatus: 'registered', toStatus: 'assessed' })
    const transferred = caseEvent(moving.id, { kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'ARL-TC' })
    await pushOk(server, supervisor, [
      upsert('registration', moving),
      upsert('caseEvent', edited),
      upsert('caseEvent', changed),
    ])
    await pushOk(server, supervisor, [
      upsert('caseEvent', transferred),
      upsert('registration', { ...moving, siteCode: 'ARL-TC' }, 1, { changedFields: ['siteCode'] }),
    ])
    const { header, hxl, rows, cell } = await csv('caseEvent.csv?personal=true')
    expect(header).not.toContain('siteCode')
    expect(header).not.toContain('siteName')
    expect(header.slice(2, 5)).toEqual(['currentCentreCode', 'currentCentreName', 'currentCentreAdm1'])
    expect(hxl.slice(2, 5)).toEqual(['#loc+code+current', '#loc+name+current', '#adm1+name+current'])
    const row = (id: string) => rows.find((cells) => cells.includes(id))
    for (const event of [edited, changed, transferred]) {
      expect(cell(row(event.id), 'currentCentreCode')).toBe('ARL-TC')
      expect(cell(row(event.id), 'currentCentreName')).toBe('Arlit transit centre')
    }
    // where the transfer left from is the event's own
    expect(cell(row(transferred.id), 'fromSite')).toBe('AGZ-TC')
    expect(cell(row(transferred.id), 'toSite')).toBe('ARL-TC')
    // the standard export and the XLSX say the same
    const standard = await csv('caseEvent.csv')
    expect(standard.header.slice(0, 3)).toEqual(['currentCentreCode', 'currentCentreName', 'currentCentreAdm1'])
    const [xlsxHeader] = await readXlsx(await download('caseEvent.xlsx'))
    expect(xlsxHeader).toEqual(standard.header)
    // narrowed to a site, the events are those of the cases there now
    const agadez = await csv('caseEvent.csv?personal=true&sites=AGZ-TC')
    expect(agadez.rows.some((cells) => cells.includes(edited.id))).toBe(false)
  })

  it("names the seed sites in the user's language (lang), the headers, tags and codes the same for every language", async () => {
    const english = await csv('survey.csv')
    const french = await csv('survey.csv?lang=fr')
    const arabic = await csv('survey.csv?lang=ar')
    const row = (table: typeof english) => table.rows.find((cells) => cells.includes('SEG-FMP'))
    expect(english.cell(row(english), 'siteName')).toBe('Séguédine flow monitoring point')
    expect(french.cell(row(french), 'siteName')).toBe('Point de suivi des flux de Séguédine')
    expect(arabic.cell(row(arabic), 'siteName')).toBe('نقطة رصد التدفق في سيغيدين')
    for (const table of [french, arabic]) {
      expect(table.header).toEqual(english.header)
      expect(table.hxl).toEqual(english.hxl)
      expect(table.cell(row(table), 'sex')).toBe(english.cell(row(english), 'sex'))
    }
    // a language the seed has no names in: the names as stored
    const swahili = await csv('survey.csv?lang=sw')
    expect(swahili.cell(row(swahili), 'siteName')).toBe('Séguédine flow monitoring point')
    const [xlsxHeader, , xlsxRow] = await readXlsx(await download('survey.xlsx?lang=fr'))
    expect(xlsxRow?.[xlsxHeader!.indexOf('siteName')]).toBe('Point de suivi des flux de Séguédine')

    const bad = await fetch(`${server.url}/api/v1/export/survey.csv?lang=Fran%C3%A7ais`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ issues: [expect.objectContaining({ path: ['lang'] })] })
  })
})
