/**
 * `npx tsx scripts/bench/export-bench.ts` (a benchmark, not a test): a full CSV export of
 * the flow counts, streamed by the real server process, on SQLite and on PostgreSQL
 * (when one answers). The flow counts are seeded by bulk insert before the server
 * starts. Measures rows per second from the request until the last byte, and how much
 * the server process's resident memory grew meanwhile (sampled every 100 ms from
 * /proc). Targets (issue 9): ≥ 50,000 rows/s, < 50 MB growth. Run it on a quiet machine:
 * other processes on the same cores show up as fewer rows per second.
 *
 * BENCH_EXPORT_ROWS (1,000,000), BENCH_EXPORT_XLSX=1: the XLSX export too (timed, no
 * target), BENCH_EXPORT_ENCODING (`gzip`, as browsers ask; `identity` for plain bytes).
 */
import { readFileSync } from 'node:fs'
import { newId } from '../../src/shared/ids'
import { sql } from 'kysely'
import { isPostgres, sqliteHandle } from '../../src/server/db/open'
import { bulkInsert } from '../../src/server/store/bulk-insert'
import { postJson } from './api'
import { freshDatabase, postgresAnswers, type BenchDatabase } from './databases'
import { startServerProcess } from './server-process'

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000)
const XLSX = process.env.BENCH_EXPORT_XLSX === '1'
const ENCODING = process.env.BENCH_EXPORT_ENCODING ?? 'gzip'
const TARGET_ROWS_PER_SECOND = 50_000
const TARGET_GROWTH_MB = 50
const SEED_CHUNK = 20_000
const ADMIN = { username: 'bench-admin', password: 'bench-admin-password-123' }
const SITES = ['SEG-FMP', 'ARL-FMP', 'MAD-FMP', 'ASM-FMP']

function flowCountData(i: number, siteCode: string) {
  const at = new Date(Date.UTC(2026, 0, 1) + (i % 330) * 86_400_000).toISOString()
  const men = 5 + (i % 40)
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode,
    observedAt: at,
    direction: i % 2 === 0 ? 'outgoing' : 'incoming',
    transport: 'truck',
    departureCountry: 'NER',
    departureTown: 'Agadez',
    destinationCountry: 'LBY',
    destinationTown: 'Sebha',
    flowType: 'economic_long_term',
    men,
    women: 3,
    boys: 2,
    girls: 1,
    unaccompaniedChildren: 1,
    childrenUnder5: 0,
    elderly: 0,
    pregnantWomen: 1,
    withDisability: 0,
    total: men + 6,
    nationalities: [
      { country: 'NGA', count: men },
      { country: 'MLI', count: 6 },
    ],
  }
}

async function seed(database: Awaited<ReturnType<typeof freshDatabase>>): Promise<void> {
  const { db } = database
  const sqlite = sqliteHandle(db)
  const now = new Date().toISOString()
  for (let start = 0; start < ROWS; start += SEED_CHUNK) {
    const rows = Array.from({ length: Math.min(SEED_CHUNK, ROWS - start) }, (_, k) => {
      const i = start + k
      const data = flowCountData(i, SITES[i % SITES.length]!)
      return {
        id: data.id,
        entity: 'flowCount' as const,
        site_code: data.siteCode,
        rev: 1,
        deleted: 0,
        data: JSON.stringify(data),
        seq: i + 1,
        device_id: 'bench-device',
        user_id: 'bench-user',
        updated_at: now,
      }
    })
    await db.transaction().execute((trx) => bulkInsert(trx, sqlite, 'records', rows))
  }
  // as autovacuum would have by now on a server in use: without statistics PostgreSQL may
  // page through another index of records and sort, instead of walking the primary key
  if (isPostgres(db)) await sql`analyze records`.execute(db)
}

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
  return kb / 1024
}

interface Run {
  database: BenchDatabase
  format: string
  rows: number
  seconds: number
  rowsPerSecond: number
  rssBefore: number
  rssMax: number
}

async function exportOnce(url: URL, token: string, pid: number, format: 'csv' | 'xlsx') {
  const rssBefore = rssMb(pid)
  let rssMax = rssBefore
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, rssMb(pid))
  }, 100)
  const started = performance.now()
  const res = await fetch(new URL(`/api/v1/export/flowCount.${format}`, url), {
    headers: { authorization: `Bearer ${token}`, 'accept-encoding': ENCODING },
  })
  if (!res.ok || res.body === null) throw new Error(`export: ${res.status} ${await res.text()}`)
  let lines = 0
  let bytes = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength
    if (format === 'csv') for (const byte of chunk) if (byte === 10) lines += 1
  }
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  rssMax = Math.max(rssMax, rssMb(pid))
  // CSV: the header and HXL rows aside; XLSX rows are not counted (it is a zip)
  const rows = format === 'csv' ? lines - 2 : ROWS
  return { rows, bytes, seconds, rssBefore, rssMax }
}

async function benchOne(kind: BenchDatabase): Promise<Run[]> {
  const database = await freshDatabase(kind)
  const seedStart = performance.now()
  await seed(database)
  console.log(`${kind}: ${ROWS} flow counts seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`)
  const server = await startServerProcess({ env: database.serverEnv, workers: 1, admin: ADMIN })
  const runs: Run[] = []
  try {
    const login = await postJson<{ token: string }>(server.url, '/api/v1/auth/login', {
      ...ADMIN,
      deviceId: '01890000-0000-7000-8000-00000000be00',
    })
    for (const format of XLSX ? (['csv', 'xlsx'] as const) : (['csv'] as const)) {
      const run = await exportOnce(server.url, login.token, server.pid, format)
      if (format === 'csv' && run.rows !== ROWS) throw new Error(`the CSV held ${run.rows} rows, not ${ROWS}`)
      runs.push({ database: kind, format, ...run, rowsPerSecond: run.rows / run.seconds })
    }
  } finally {
    await server.stop()
    await database.dispose()
  }
  return runs
}

async function main(): Promise<void> {
  const kinds: BenchDatabase[] = ['SQLite']
  if (await postgresAnswers()) kinds.push('PostgreSQL')
  else console.warn('PostgreSQL does not answer: SQLite only')
  const runs: Run[] = []
  for (const kind of kinds) runs.push(...(await benchOne(kind)))
  console.log(`\nFull export of ${ROWS} flow counts (Accept-Encoding: ${ENCODING})`)
  console.table(
    runs.map((run) => ({
      database: run.database,
      format: run.format,
      seconds: Number(run.seconds.toFixed(2)),
      'rows/s': Math.round(run.rowsPerSecond),
      'RSS before (MB)': Math.round(run.rssBefore),
      'RSS max (MB)': Math.round(run.rssMax),
      'growth (MB)': Math.round(run.rssMax - run.rssBefore),
    })),
  )
  const csvRuns = runs.filter((run) => run.format === 'csv')
  const slow = csvRuns.filter((run) => run.rowsPerSecond < TARGET_ROWS_PER_SECOND)
  const heavy = csvRuns.filter((run) => run.rssMax - run.rssBefore >= TARGET_GROWTH_MB)
  console.log(
    `targets: ≥ ${TARGET_ROWS_PER_SECOND} rows/s ${slow.length === 0 ? 'met' : `MISSED (${slow.map((r) => r.database).join(', ')})`}; ` +
      `< ${TARGET_GROWTH_MB} MB growth ${heavy.length === 0 ? 'met' : `MISSED (${heavy.map((r) => r.database).join(', ')})`}`,
  )
  if (slow.length > 0 || heavy.length > 0) process.exitCode = 1
}

await main()
