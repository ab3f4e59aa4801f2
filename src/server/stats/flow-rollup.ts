/**
 * The daily roll-up of flow figures (migration 0014): the rows of the four flow
 * endpoints, kept summed in three tables, one per map of the shared FlowFigures
 * (flow-figures.ts): flow_rollup by (day, site, direction) with every sum,
 * flow_rollup_transport by transport, flow_rollup_nationality by country. The day is the
 * site's local day (Africa/Niamey). A dashboard then reads a month as a few hundred
 * rows instead of adding up tens of thousands of tallies.
 *
 * Every write of a record goes through a ChangeSet, which calls applyFlowRollup in the
 * same transaction with each record's version before and after: the old version's
 * figures are taken away and the new one's added, both computed by FlowFigures, so the
 * roll-up always equals the figures of the records (and the phone's, for the same
 * tallies). Rows whose tallies fall to zero are deleted: days without tallies are absent.
 */
import { sql } from 'kysely'
import {
  FLOW_COUNT_FIELDS,
  FlowFigures,
  sortFlowRows,
  vulnerabilityRowOf,
  type DayRange,
  type FlowTally,
} from '../../shared/stats/flow-figures'
import type { FlowDayRow, FlowNationalityRow, FlowTransportRow, FlowVulnerabilityRow } from '../../shared/schemas/stats'
import { isPostgres, type Db } from '../db/open'
import type { Trx } from '../store/change-transaction'
import { parseData, type StoredRecord } from '../store/records'
import { toTally } from './flows'

/** Rows per INSERT: 500 × 13 columns stays below both databases' parameter limits. */
const CHUNK = 500
/** Records read at a time when filling the roll-up. */
const FILL_PAGE = 5000

type Direction = FlowDayRow['direction']
type Transport = FlowTransportRow['transport']
type Reader = Db | Trx

/** A record as the roll-up sees it: its latest version, or nothing (null: none yet). */
export type RecordState = Pick<StoredRecord, 'entity' | 'siteCode' | 'deleted' | 'data'> | null | undefined

/** The tally a record's version counts as, if any: a live flowCount whose data is one. */
export function tallyOf(record: RecordState): FlowTally | undefined {
  if (!record || record.entity !== 'flowCount' || record.deleted || record.data === null) return undefined
  return toTally(record.siteCode, record.data)
}

const SUMS = ['tallies', ...FLOW_COUNT_FIELDS] as const
/** The three tables' rows as deltas (or, filling, as whole rows). */
interface Deltas {
  days: Map<string, FlowDayRow>
  transports: Map<string, FlowTransportRow>
  countries: Map<string, FlowNationalityRow>
}

const dayKey = (r: { day: string; siteCode: string; direction: string }) => `${r.day}|${r.siteCode}|${r.direction}`

/** `added` minus `removed`, row by row; rows that do not change are left out. */
function difference(added: FlowFigures, removed: FlowFigures): Deltas {
  const days = new Map<string, FlowDayRow>()
  for (const row of added.dayRows()) days.set(dayKey(row), row)
  for (const row of removed.dayRows()) {
    const key = dayKey(row)
    const delta = days.get(key) ?? { ...row, ...Object.fromEntries(SUMS.map((s) => [s, 0])) }
    for (const sum of SUMS) delta[sum] -= row[sum]
    days.set(key, delta)
  }
  for (const [key, row] of days) if (SUMS.every((sum) => row[sum] === 0)) days.delete(key)

  const transports = new Map<string, FlowTransportRow>()
  for (const row of added.transportRows()) transports.set(`${dayKey(row)}|${row.transport}`, row)
  for (const row of removed.transportRows()) {
    const key = `${dayKey(row)}|${row.transport}`
    const delta = transports.get(key) ?? { ...row, total: 0, tallies: 0 }
    delta.total -= row.total
    delta.tallies -= row.tallies
    transports.set(key, delta)
  }
  for (const [key, row] of transports) if (row.total === 0 && row.tallies === 0) transports.delete(key)

  const countries = new Map<string, FlowNationalityRow>()
  for (const row of added.nationalityRows()) countries.set(`${dayKey(row)}|${row.country}`, row)
  for (const row of removed.nationalityRows()) {
    const key = `${dayKey(row)}|${row.country}`
    const delta = countries.get(key) ?? { ...row, count: 0 }
    delta.count -= row.count
    countries.set(key, delta)
  }
  for (const [key, row] of countries) if (row.count === 0) countries.delete(key)
  return { days, transports, countries }
}

/**
 * Brings the roll-up from the records' versions `before` to their versions `after`, in
 * the caller's transaction (a change transaction: they run one at a time).
 */
export async function applyFlowRollup(
  trx: Trx,
  changes: Iterable<{ before: RecordState; after: RecordState }>,
): Promise<void> {
  const added = new FlowFigures()
  const removed = new FlowFigures()
  let any = false
  for (const { before, after } of changes) {
    const old = tallyOf(before)
    const next = tallyOf(after)
    if (old !== undefined) removed.add(old)
    if (next !== undefined) added.add(next)
    any ||= old !== undefined || next !== undefined
  }
  if (any) await writeDeltas(trx, difference(added, removed))
}

/** Adds the deltas to the tables, then deletes the rows they brought to zero. */
async function writeDeltas(trx: Reader, { days, transports, countries }: Deltas): Promise<void> {
  const dayRows = [...days.values()]
  for (let i = 0; i < dayRows.length; i += CHUNK) {
    await trx
      .insertInto('flow_rollup')
      .values(
        dayRows.slice(i, i + CHUNK).map((row) => ({
          day: row.day,
          site_code: row.siteCode,
          direction: row.direction,
          tallies: row.tallies,
          men: row.men,
          women: row.women,
          boys: row.boys,
          girls: row.girls,
          total: row.total,
          unaccompanied_children: row.unaccompaniedChildren,
          children_under_5: row.childrenUnder5,
          elderly: row.elderly,
          pregnant_women: row.pregnantWomen,
          with_disability: row.withDisability,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['day', 'site_code', 'direction']).doUpdateSet((eb) => ({
          tallies: eb('flow_rollup.tallies', '+', eb.ref('excluded.tallies')),
          men: eb('flow_rollup.men', '+', eb.ref('excluded.men')),
          women: eb('flow_rollup.women', '+', eb.ref('excluded.women')),
          boys: eb('flow_rollup.boys', '+', eb.ref('excluded.boys')),
          girls: eb('flow_rollup.girls', '+', eb.ref('excluded.girls')),
          total: eb('flow_rollup.total', '+', eb.ref('excluded.total')),
          unaccompanied_children: eb(
            'flow_rollup.unaccompanied_children',
            '+',
            eb.ref('excluded.unaccompanied_children'),
          ),
          children_under_5: eb('flow_rollup.children_under_5', '+', eb.ref('excluded.children_under_5')),
          elderly: eb('flow_rollup.elderly', '+', eb.ref('excluded.elderly')),
          pregnant_women: eb('flow_rollup.pregnant_women', '+', eb.ref('excluded.pregnant_women')),
          with_disability: eb('flow_rollup.with_disability', '+', eb.ref('excluded.with_disability')),
        })),
      )
      .execute()
  }
  const transportRows = [...transports.values()]
  for (let i = 0; i < transportRows.length; i += CHUNK) {
    await trx
      .insertInto('flow_rollup_transport')
      .values(
        transportRows.slice(i, i + CHUNK).map((row) => ({
          day: row.day,
          site_code: row.siteCode,
          direction: row.direction,
          transport: row.transport,
          tallies: row.tallies,
          total: row.total,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['day', 'site_code', 'direction', 'transport']).doUpdateSet((eb) => ({
          tallies: eb('flow_rollup_transport.tallies', '+', eb.ref('excluded.tallies')),
          total: eb('flow_rollup_transport.total', '+', eb.ref('excluded.total')),
        })),
      )
      .execute()
  }
  const countryRows = [...countries.values()]
  for (let i = 0; i < countryRows.length; i += CHUNK) {
    await trx
      .insertInto('flow_rollup_nationality')
      .values(
        countryRows.slice(i, i + CHUNK).map((row) => ({
          day: row.day,
          site_code: row.siteCode,
          direction: row.direction,
          country: row.country,
          count: row.count,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['day', 'site_code', 'direction', 'country']).doUpdateSet((eb) => ({
          count: eb('flow_rollup_nationality.count', '+', eb.ref('excluded.count')),
        })),
      )
      .execute()
  }
  // only a row that lost something can have reached zero
  for (const row of dayRows.filter((r) => r.tallies < 0)) {
    await trx
      .deleteFrom('flow_rollup')
      .where('day', '=', row.day)
      .where('site_code', '=', row.siteCode)
      .where('direction', '=', row.direction)
      .where('tallies', '<=', 0)
      .execute()
  }
  for (const row of transportRows.filter((r) => r.tallies < 0)) {
    await trx
      .deleteFrom('flow_rollup_transport')
      .where('day', '=', row.day)
      .where('site_code', '=', row.siteCode)
      .where('direction', '=', row.direction)
      .where('transport', '=', row.transport)
      .where('tallies', '<=', 0)
      .execute()
  }
  for (const row of countryRows.filter((r) => r.count < 0)) {
    await trx
      .deleteFrom('flow_rollup_nationality')
      .where('day', '=', row.day)
      .where('site_code', '=', row.siteCode)
      .where('direction', '=', row.direction)
      .where('country', '=', row.country)
      .where('count', '<=', 0)
      .execute()
  }
}

/**
 * Fills the roll-up from the live flow counts, replacing what it held (migration 0014,
 * the benches' seeding). Reads the records a page at a time, keyset on the primary key;
 * memory holds the roll-up's rows, never the tallies.
 */
export async function rebuildFlowRollup(db: Reader): Promise<void> {
  const figures = new FlowFigures()
  for (let after = ''; ;) {
    const page = await db
      .selectFrom('records')
      .select(['id', 'site_code', 'data'])
      .where('entity', '=', 'flowCount')
      .where('deleted', '=', 0)
      .where('id', '>', after)
      .orderBy('id')
      .limit(FILL_PAGE)
      .execute()
    for (const row of page) {
      const data = parseData(row.data)
      const tally = data === null ? undefined : toTally(row.site_code, data)
      if (tally !== undefined) figures.add(tally)
    }
    const last = page.at(-1)
    if (last === undefined || page.length < FILL_PAGE) break
    after = last.id
  }
  await db.deleteFrom('flow_rollup').execute()
  await db.deleteFrom('flow_rollup_transport').execute()
  await db.deleteFrom('flow_rollup_nationality').execute()
  await writeDeltas(db, difference(figures, new FlowFigures()))
}

/** The day rows of the sites' local days in `range`, from the roll-up (stats endpoint 1). */
export async function flowDayRowsOf(
  db: Reader,
  sites: readonly string[],
  { from, to }: DayRange,
): Promise<FlowDayRow[]> {
  if (sites.length === 0) return []
  const rows = await db
    .selectFrom('flow_rollup')
    .selectAll()
    .where('site_code', 'in', sites)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute()
  return sortFlowRows(
    rows.map((row) => ({
      day: row.day,
      siteCode: row.site_code,
      direction: row.direction as Direction,
      men: Number(row.men),
      women: Number(row.women),
      boys: Number(row.boys),
      girls: Number(row.girls),
      total: Number(row.total),
      tallies: Number(row.tallies),
      unaccompaniedChildren: Number(row.unaccompanied_children),
      childrenUnder5: Number(row.children_under_5),
      elderly: Number(row.elderly),
      pregnantWomen: Number(row.pregnant_women),
      withDisability: Number(row.with_disability),
    })),
    () => '',
  )
}

/** Endpoint 4: the vulnerability sums of the day rows. */
export async function flowVulnerabilityRowsOf(
  db: Reader,
  sites: readonly string[],
  range: DayRange,
): Promise<FlowVulnerabilityRow[]> {
  return (await flowDayRowsOf(db, sites, range)).map(vulnerabilityRowOf)
}

/** A breakdown table's rows of one (day, site, direction), its entries as they come from SQL. */
interface BreakdownGroup {
  day: string
  siteCode: string
  direction: Direction
  /** Each entry's columns, in the order asked. */
  entries: unknown[][]
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The rows of a breakdown table (by transport or by country) at the sites' days in
 * `range`, one per (day, site, direction), its entries (`columns` of each row) as one
 * JSON array built by the database: a tenth of the rows through the driver, which
 * spent more on thousands of small rows (node-postgres above all) than the database
 * did finding them. Ordered as the endpoints are: the groups by day, site and
 * direction, the entries within each by `columns[0]`, the breakdown's key.
 */
async function breakdownGroups(
  db: Reader,
  table: 'flow_rollup_transport' | 'flow_rollup_nationality',
  columns: readonly string[],
  sites: readonly string[],
  { from, to }: DayRange,
): Promise<BreakdownGroup[]> {
  if (sites.length === 0) return []
  const values = sql.join(columns.map((column) => sql.ref(column)))
  // as text on both: one JSON.parse per group, the same on either database
  const entries = isPostgres(db)
    ? sql<string>`json_agg(json_build_array(${values}))::text`
    : sql<string>`json_group_array(json_array(${values}))`
  const rows = await db
    .selectFrom(table)
    .select(['day', 'site_code', 'direction', entries.as('entries')])
    .where('site_code', 'in', sites)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'site_code', 'direction'])
    .execute()
  const groups = sortFlowRows(
    rows.map((row) => ({
      day: row.day,
      siteCode: row.site_code,
      direction: row.direction as Direction,
      entries: JSON.parse(row.entries) as unknown[][],
    })),
    () => '',
  )
  // the keys of a group are its table's primary key's last column: unique within it
  for (const group of groups) group.entries.sort((a, b) => compareText(String(a[0]), String(b[0])))
  return groups
}

/** Endpoint 3: one row per (day, site, direction, transport). */
export async function flowTransportRowsOf(
  db: Reader,
  sites: readonly string[],
  range: DayRange,
): Promise<FlowTransportRow[]> {
  const groups = await breakdownGroups(db, 'flow_rollup_transport', ['transport', 'total', 'tallies'], sites, range)
  return groups.flatMap(({ day, siteCode, direction, entries }) =>
    entries.map(([transport, total, tallies]) => ({
      day,
      siteCode,
      direction,
      transport: transport as Transport,
      total: Number(total),
      tallies: Number(tallies),
    })),
  )
}

/** Endpoint 2: one row per (day, site, direction, country). */
export async function flowNationalityRowsOf(
  db: Reader,
  sites: readonly string[],
  range: DayRange,
): Promise<FlowNationalityRow[]> {
  const groups = await breakdownGroups(db, 'flow_rollup_nationality', ['country', 'count'], sites, range)
  return groups.flatMap(({ day, siteCode, direction, entries }) =>
    entries.map(([country, count]) => ({ day, siteCode, direction, country: String(country), count: Number(count) })),
  )
}
