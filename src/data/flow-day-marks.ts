/**
 * Keeps the kept days (`flowDays`, flow-days.ts) told of every write to `flowCounts`,
 * whoever makes it (a save, a pull, a sync answer, a purge, the lost-site sweep, an erase):
 * a Dexie middleware adds `flowDayMarks` to each read-write transaction that may touch
 * tallies and, in that same transaction, adds a mark for the (site, day) of each tally
 * written, before and after the write: the tally's id, under a key of its own. Nothing here
 * decrypts: a mark holds a clear id (random) and the site and day the tally rows already
 * keep in clear. A sealed day's figures plus the tallies marked since are therefore always
 * the whole day, even after a crash right after a commit.
 *
 * A mark is only ever added, never read and written back, so a new tally's save writes
 * its row, its outbox entry and its mark at once, in one round trip (a read of the day's
 * row, then its write, took a save a second one). Sealing a day again deletes the marks it
 * took in, and only those: a mark added meanwhile stays.
 *
 * A mark also says what the write left of the tally in its day: gone (deleted, or moved
 * to another day), or the IV of the ciphertext it now has there. The latest mark of a
 * tally in a day is therefore its state in that day: a tally this phone sealed (and so
 * holds opened, flow-opened.ts) is taken in without reading its row again.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie'
import type { Bytes } from '@/shared/crypto/encoding'
import type { Sealed } from '@/shared/crypto/record-cipher'

const TALLIES = 'flowCounts'
export const FLOW_DAY_MARKS = 'flowDayMarks'

/** A tally written since its day was last sealed (it may since have been deleted or moved). */
export interface FlowDayMark {
  /** Given by IndexedDB: one more at each mark, never given twice in a database. */
  seq?: number
  siteCode: string
  day: string
  /** The tally's id. */
  id: string
  /** The write took the tally out of this day: deleted, or moved to another. */
  gone?: true
  /** The IV of the tally's ciphertext as this write left it (sealed rows only). */
  iv?: Bytes
}

interface TallyKeys {
  id: string
  siteCode?: string
  siteDay?: string
  enc?: Sealed
}

/** The middleware `RelaisDb` uses; `written` runs after each commit that marked a day. */
export function flowDayMarks(written: () => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'FlowDayMarks',
    create: (down) => ({
      ...down,
      transaction(stores, mode, options) {
        const widened =
          mode === 'readwrite' && stores.includes(TALLIES) && !stores.includes(FLOW_DAY_MARKS) && hasMarks(down)
        return down.transaction(widened ? [...stores, FLOW_DAY_MARKS] : stores, mode, options)
      },
      table(name) {
        const table = down.table(name)
        // (within an upgrade from before v7, the table is not there yet)
        if (name !== TALLIES || !hasMarks(down)) return table
        return {
          ...table,
          async mutate(req) {
            const before = await rowsBefore(table, req)
            const after = req.type === 'add' || req.type === 'put' ? (req.values as TallyKeys[]) : []
            const marks = marksOf(before, after)
            if (marks.length === 0) return table.mutate(req)
            // the write and its marks at once: they touch two stores of one transaction
            const [result] = await Promise.all([
              table.mutate(req),
              down.table(FLOW_DAY_MARKS).mutate({ type: 'add', trans: req.trans, values: marks }),
            ])
            onCommit(req.trans, written)
            return result
          },
        }
      },
    }),
  }
}

function hasMarks(core: DBCore): boolean {
  return core.schema.tables.some((table) => table.name === FLOW_DAY_MARKS)
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

/**
 * A mark for each (site, day, tally) the rows name, once: gone from the days of the rows
 * before the write, unless the rows after it are there too (rows not indexed yet have no
 * day: flow-week.ts).
 */
function marksOf(before: readonly TallyKeys[], after: readonly TallyKeys[]): FlowDayMark[] {
  const marks = new Map<string, FlowDayMark>()
  const mark = ({ id, siteCode, siteDay: day, enc }: TallyKeys, gone: boolean) => {
    if (siteCode === undefined || day === undefined) return
    const state = gone ? { gone: true as const } : enc ? { iv: new Uint8Array(enc.iv) } : {}
    marks.set(`${siteCode}\u0000${day}\u0000${id}`, { siteCode, day, id, ...state })
  }
  for (const row of before) mark(row, true)
  for (const row of after) mark(row, false)
  return [...marks.values()]
}

/** After the transaction commits (a write that aborts marked nothing). */
function onCommit(trans: DBCoreTransaction, run: () => void): void {
  const idb = trans as unknown as Partial<IDBTransaction>
  if (typeof idb.addEventListener !== 'function') return
  idb.addEventListener('complete', () => run(), { once: true })
}
