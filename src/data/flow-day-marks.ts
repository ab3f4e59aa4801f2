/**
 * Keeps `flowDays` (flow-days.ts) told of every write to `flowCounts`, whoever makes it (a
 * save, a pull, a sync answer, a purge, the lost-site sweep, an erase): a Dexie middleware
 * adds `flowDays` to each read-write transaction that may touch tallies and, in that same
 * transaction, notes on the (site, day) of each tally written, before and after the write,
 * the tally's id and a new generation. Nothing here decrypts: the notes are clear ids (random)
 * and the site and day the tally rows already keep in clear. A sealed day's figures plus
 * the tallies noted since are therefore always the whole day, even after a crash right
 * after a commit.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie'
import type { FlowDayRow } from './flow-days'

const TALLIES = 'flowCounts'
export const FLOW_DAYS = 'flowDays'

interface TallyKeys {
  id: string
  siteCode?: string
  siteDay?: string
}

/** The middleware `RelaisDb` uses; `written` runs after each commit that noted a day. */
export function flowDayMarks(written: () => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'FlowDayMarks',
    create: (down) => ({
      ...down,
      transaction(stores, mode, options) {
        const widened =
          mode === 'readwrite' && stores.includes(TALLIES) && !stores.includes(FLOW_DAYS) && hasFlowDays(down)
        return down.transaction(widened ? [...stores, FLOW_DAYS] : stores, mode, options)
      },
      table(name) {
        const table = down.table(name)
        // (within an upgrade from before v6, the table is not there yet: it is filled at v6)
        if (name !== TALLIES || !hasFlowDays(down)) return table
        return {
          ...table,
          async mutate(req) {
            const before = await rowsBefore(table, req)
            const after = req.type === 'add' || req.type === 'put' ? (req.values as TallyKeys[]) : []
            // the write and the note on its days at once: they touch other stores of one transaction
            const [result, marked] = await Promise.all([
              table.mutate(req),
              mark(down.table(FLOW_DAYS), req.trans, [...before, ...after]),
            ])
            if (marked) onCommit(req.trans, written)
            return result
          },
        }
      },
    }),
  }
}

function hasFlowDays(core: DBCore): boolean {
  return core.schema.tables.some((table) => table.name === FLOW_DAYS)
}

/**
 * The rows a write replaces or deletes, as they were (their site and day may change). An
 * add replaces none: one whose key is taken fails, and leaves the row as it was.
 */
async function rowsBefore(table: DBCoreTable, req: DBCoreMutateRequest): Promise<TallyKeys[]> {
  if (req.type === 'add') return []
  if (req.type === 'deleteRange') {
    const found = await table.query({
      trans: req.trans,
      values: true,
      query: { index: table.schema.primaryKey, range: req.range },
    })
    return found.result as TallyKeys[]
  }
  const keys =
    req.type === 'delete'
      ? req.keys
      : (req.keys ?? (req.values as TallyKeys[]).map((row) => row.id)).filter((key) => key !== undefined)
  if (keys.length === 0) return []
  const rows = (await table.getMany({ trans: req.trans, keys })) as (TallyKeys | undefined)[]
  return rows.filter((row): row is TallyKeys => row !== undefined)
}

/** Notes each row's id on its day's row (made when missing); answers whether any was noted. */
async function mark(days: DBCoreTable, trans: DBCoreTransaction, rows: readonly TallyKeys[]): Promise<boolean> {
  const byDay = new Map<string, { siteCode: string; day: string; ids: Set<string> }>()
  for (const row of rows) {
    if (row.siteCode === undefined || row.siteDay === undefined) continue // not indexed yet: flow-week.ts
    const key = `${row.siteCode}\u0000${row.siteDay}`
    let day = byDay.get(key)
    if (!day) byDay.set(key, (day = { siteCode: row.siteCode, day: row.siteDay, ids: new Set() }))
    day.ids.add(row.id)
  }
  if (byDay.size === 0) return false
  const marks = [...byDay.values()]
  const keys = marks.map((m) => [m.siteCode, m.day])
  const stored = (await days.getMany({ trans, keys })) as (FlowDayRow | undefined)[]
  const values = marks.map((m, i): FlowDayRow => {
    const row = stored[i]
    const changed = new Set(row?.changed ?? [])
    for (const id of m.ids) changed.add(id)
    return { ...row, siteCode: m.siteCode, day: m.day, gen: (row?.gen ?? 0) + 1, changed: [...changed] }
  })
  await days.mutate({ type: 'put', trans, values, keys })
  return true
}

/** After the transaction commits (a write that aborts noted nothing). */
function onCommit(trans: DBCoreTransaction, run: () => void): void {
  const idb = trans as unknown as Partial<IDBTransaction>
  if (typeof idb.addEventListener !== 'function') return
  idb.addEventListener('complete', () => run(), { once: true })
}
