/**
 * The aggregate exports as tables (export-table.ts), written as CSV or XLSX by the
 * entity exports' writers: the daily flow figures of endpoint 1 (with the days an FMP
 * was recorded closed or without flow, all day or part of it) and the registrations
 * per centre of endpoint 5 and by vulnerability flag of endpoint 9 (schemas/stats.ts), each row with its site's name and
 * region, under HXL tags (data-model.md, HXL tags for exports). Counts of 1–4 stay
 * "<5" as the API gives them.
 */
import type { Site } from '../../shared/schemas/site'
import { seedSiteName } from '../../shared/seed-site-names'
import type { FmpStatusKind } from '../../shared/schemas/fmp-status'
import type { FlowDayRow, RegistrationStatsRow, RegistrationVulnerabilityRow } from '../../shared/schemas/stats'
import { FLOW_COUNT_FIELDS, sortFlowRows, type DayRange } from '../../shared/stats/flow-figures'
import type { Db } from '../db/open'
import { flowDayStatusesOf, type FlowDayMark } from '../stats/day-statuses'
import { flowDayRowsOf } from '../stats/flow-rollup'
import { registrationCounts, registrationVulnerabilityCounts } from '../stats/person-counts'
import { listSites } from '../store/sites'
import type { Cell, ExportColumn, ExportTable } from './export-table'

interface AggregateColumn<R> extends ExportColumn {
  value: (row: R, site: Site | undefined) => Cell
}

function column<R, K extends keyof R & string>(header: K, hxl: string): AggregateColumn<R> {
  return { header, hxl, value: (row) => row[header] as Cell }
}

function siteColumns<R extends { siteCode: string }>(): AggregateColumn<R>[] {
  return [
    column<R, 'siteCode'>('siteCode', '#loc+code'),
    { header: 'siteName', hxl: '#loc+name', value: (_, site) => site?.name },
    { header: 'adm1', hxl: '#adm1+name', value: (_, site) => site?.adm1 },
  ]
}

/** An aggregate table: its rows are known before it is written (they are few), so is their count. */
export interface AggregateTable extends ExportTable {
  rowCount: number
}

async function table<R extends { siteCode: string }>(
  db: Db,
  columns: AggregateColumn<R>[],
  rows: readonly R[],
  lang: string | undefined,
): Promise<AggregateTable> {
  const sites = new Map((await listSites(db)).map((site) => [site.code, { ...site, name: seedSiteName(site, lang) }]))
  async function* pages(): AsyncGenerator<Cell[][]> {
    // the rows are aggregates (a few per site and day): one page
    if (rows.length > 0) yield rows.map((row) => columns.map((c) => c.value(row, sites.get(row.siteCode))))
  }
  return { columns: columns.map(({ header, hxl }) => ({ header, hxl })), pages: pages(), rowCount: rows.length }
}

/**
 * A flows-daily row's status: the day's FMP status at the site, `closed` or `no_flow`
 * when its periods cover the whole day, `…_part_of_day` when they cover a part (as the
 * Numbers screen says "closed part of the day").
 */
export type FlowDayExportStatus = FmpStatusKind | `${FmpStatusKind}_part_of_day`

const exportStatus = ({ status, allDay }: Pick<FlowDayMark, 'status' | 'allDay'>): FlowDayExportStatus =>
  allDay ? status : `${status}_part_of_day`

/**
 * A flows-daily row: endpoint 1's, with the day's FMP status at the site if any; a day
 * marked with no tally has one row of zeros and no direction (the post as a whole).
 */
type FlowRow = Omit<FlowDayRow, 'direction'> & {
  direction: FlowDayRow['direction'] | ''
  status: FlowDayExportStatus | undefined
}

export const FLOWS_DAILY_COLUMNS: AggregateColumn<FlowRow>[] = [
  column('day', '#date+occurred'),
  ...siteColumns<FlowRow>(),
  column('direction', '#indicator+direction'),
  column('men', '#affected+migrants+m+adults'),
  column('women', '#affected+migrants+f+adults'),
  column('boys', '#affected+migrants+m+children'),
  column('girls', '#affected+migrants+f+children'),
  column('unaccompaniedChildren', '#affected+migrants+children+unaccompanied'),
  column('childrenUnder5', '#affected+migrants+children+u5'),
  column('elderly', '#affected+migrants+elderly'),
  column('pregnantWomen', '#affected+migrants+f+pregnant'),
  column('withDisability', '#affected+migrants+disabled'),
  column('total', '#affected+migrants+total'),
  column('tallies', '#meta+count+tallies'),
  // after the first columns (additive): `closed`, `no_flow` (all day), `closed_part_of_day`,
  // `no_flow_part_of_day`, or empty
  column('status', '#indicator+status'),
]

/**
 * flows-daily: one row per (day, site, direction) with at least one tally, each with its
 * day's FMP status (all day or part of it); and one row of zeros for each day recorded
 * closed or without flow that has no tally, so that it is not missing. In the API's order (day, site, direction).
 */
export async function flowsDailyTable(
  db: Db,
  sites: readonly string[],
  range: DayRange,
  lang?: string,
): Promise<AggregateTable> {
  const [counted, marked] = await Promise.all([flowDayRowsOf(db, sites, range), flowDayStatusesOf(db, sites, range)])
  const statuses = new Map(marked.map((mark) => [`${mark.day}|${mark.siteCode}`, exportStatus(mark)]))
  const rows: FlowRow[] = counted.map((row) => ({ ...row, status: statuses.get(`${row.day}|${row.siteCode}`) }))
  const seen = new Set(counted.map((row) => `${row.day}|${row.siteCode}`))
  for (const mark of marked) {
    const { day, siteCode } = mark
    if (seen.has(`${day}|${siteCode}`)) continue
    rows.push({ day, siteCode, direction: '', tallies: 0, ...ZERO_COUNTS, status: exportStatus(mark) })
  }
  return table(
    db,
    FLOWS_DAILY_COLUMNS,
    sortFlowRows(rows, () => ''),
    lang,
  )
}

const ZERO_COUNTS = Object.fromEntries(FLOW_COUNT_FIELDS.map((field) => [field, 0])) as Record<
  (typeof FLOW_COUNT_FIELDS)[number],
  number
>

type RegistrationRow = RegistrationStatsRow & DayRange

export const REGISTRATIONS_BY_CENTRE_COLUMNS: AggregateColumn<RegistrationRow>[] = [
  column('from', '#date+start'),
  column('to', '#date+end'),
  ...siteColumns<RegistrationRow>(),
  column('nationality', '#country+code+nationality'),
  column('vulnerable', '#indicator+vulnerable'),
  column('count', '#affected+migrants+registered'),
]

/** registrations-by-centre: registrations of the range by centre, nationality and vulnerability. */
export async function registrationsByCentreTable(
  db: Db,
  sites: readonly string[],
  range: DayRange,
  lang?: string,
): Promise<AggregateTable> {
  const rows = (await registrationCounts(db, sites, range)).map((row) => ({ ...row, ...range }))
  return table(db, REGISTRATIONS_BY_CENTRE_COLUMNS, rows, lang)
}

type VulnerabilityRow = RegistrationVulnerabilityRow & DayRange

export const VULNERABILITIES_BY_CENTRE_COLUMNS: AggregateColumn<VulnerabilityRow>[] = [
  column('from', '#date+start'),
  column('to', '#date+end'),
  ...siteColumns<VulnerabilityRow>(),
  // a code of VULNERABILITIES, explained in the codebook
  column('vulnerability', '#indicator+vulnerability'),
  column('count', '#affected+migrants+registered'),
]

/**
 * vulnerabilities-by-centre: registrations of the range by centre and vulnerability flag,
 * counts of 1–4 as "<5" (a person with a rare flag is not singled out).
 */
export async function vulnerabilitiesByCentreTable(
  db: Db,
  sites: readonly string[],
  range: DayRange,
  lang?: string,
): Promise<AggregateTable> {
  const rows = (await registrationVulnerabilityCounts(db, sites, range)).map((row) => ({ ...row, ...range }))
  return table(db, VULNERABILITIES_BY_CENTRE_COLUMNS, rows, lang)
}
