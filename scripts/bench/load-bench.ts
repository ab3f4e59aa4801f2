/**
 * `npm run bench:load` (a measurement, not a test): 200 devices come back online at
 * once and each pushes 5 gzip batches of 100 realistic registrations through the push
 * endpoint of a real server process (server-process.ts), on SQLite and, when one
 * answers, PostgreSQL (with RELAIS_WORKERS server processes). Beside it, in the same
 * run, the same rows upserted straight into a fresh database of the same kind, 100 per
 * transaction (the ceiling, ceiling.ts), once just before the devices push and once
 * just after: the machine's load moves, and the two bracket the push in time. Then an
 * admin on another device pulls
 * everything back and the bench checks each record is there exactly once. Prints one
 * table. Sign-ins happen before the clock starts, spread over a few users.
 *
 * BENCH_DEVICES (200), BENCH_BATCHES (5 per device), BENCH_DATABASES=SQLite,PostgreSQL,
 * BENCH_WORKERS (PostgreSQL server processes, one run each: 1,2), BENCH_SERVER_PROFILE=<dir>: CPU
 * profiles of the server processes (summarise them with profile-summary.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { v7 } from 'uuid'
import type { Registration } from '../../src/shared/schemas/registration'
import { postJson } from './api'
import { directUpserts } from './ceiling'
import { freshDatabase, postgresAnswers, type BenchDatabase } from './databases'
import { pushAtOnce, signInDevices, type User } from './load-devices'
import { compressedBatches } from './push-batches'
import { PUSH_WINDOW_FILE, type PushWindow } from './profile-summary'
import { readBack } from './read-back'
import { makeRegistrations } from './registrations'
import { sampleLoad, samplePostgresActivity, type LoadSummary, type PostgresActivity } from './samplers'
import { startServerProcess } from './server-process'

const DEVICES = Number(process.env.BENCH_DEVICES ?? 200)
const BATCHES = Number(process.env.BENCH_BATCHES ?? 5)
const BATCH = 100
const USERS = 10
const POSTGRES_WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number)
const ADMIN = { username: 'admin', password: 'bench-admin-passphrase' }
const SITES = ['AGZ-TC', 'ARL-TC', 'DRK-TC', 'NIA-TC1', 'NIA-TC2']
const TARGET_OF_CEILING = 0.8
const TARGET_P99_MS = 3000

interface Row {
  database: BenchDatabase
  workers: string
  records: number
  perSecond: number
  ceiling: number
  p50: number
  p95: number
  p99: number
  serverErrors: number
  dropped: number
  load: LoadSummary
  activity?: PostgresActivity
}

const log = (line: string) => process.stderr.write(`${line}\n`)
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

/** Registrars sharing the devices: sign-in limits count per username and address, so a few users, not one. */
async function createUsers(url: URL, adminToken: string): Promise<User[]> {
  const users: User[] = []
  for (let i = 0; i < USERS; i++) {
    const user = { username: `registrar.${i}`, password: 'a-long-enough-password' }
    await postJson(
      url,
      '/api/v1/users',
      { ...user, name: `Registrar ${i}`, role: 'registrar', sites: SITES },
      adminToken,
    )
    users.push(user)
  }
  return users
}

async function measure(kind: BenchDatabase, workers: number, records: Registration[]): Promise<Row> {
  const database = await freshDatabase(kind)
  const profileDir = process.env.BENCH_SERVER_PROFILE
    ? join(process.env.BENCH_SERVER_PROFILE, `${kind}-${workers}`)
    : undefined
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  const server = await startServerProcess({ env: database.serverEnv, workers, admin: ADMIN, profileDir })
  try {
    const admin = await postJson<{ token: string }>(server.url, '/api/v1/auth/login', { ...ADMIN, deviceId: v7() })
    const users = await createUsers(server.url, admin.token)
    log(`${kind}: signing in ${DEVICES} devices…`)
    const devices = await signInDevices(server.url, users, DEVICES)
    const perDevice = BATCHES * BATCH
    const bodies = devices.map((device, i) =>
      compressedBatches(records.slice(i * perDevice, (i + 1) * perDevice), { ...device, batchSize: BATCH }),
    )
    const ceilingBefore = await ceilingRate(kind, records)
    const running = server.workers()
    log(`${kind}: ${DEVICES} devices push ${BATCHES} × ${BATCH} at once (${running} server process(es))…`)
    const load = sampleLoad()
    const activity = kind === 'PostgreSQL' ? samplePostgresActivity(database.db) : undefined
    const start = process.hrtime.bigint()
    const tally = await pushAtOnce(devices, bodies)
    const end = process.hrtime.bigint()
    const elapsed = seconds(start)
    if (profileDir) {
      const window: PushWindow = { startUs: Number(start / 1000n), endUs: Number(end / 1000n) }
      writeFileSync(join(profileDir, PUSH_WINDOW_FILE), JSON.stringify(window))
    }
    const loadSummary = await load.stop()
    const activitySummary = await activity?.stop()
    for (const device of devices) device.client.close()
    if (tally.unexpected.length > 0) {
      throw new Error(`${tally.unexpected.length} unexpected answers, first: ${tally.unexpected[0]}`)
    }
    log(`${kind}: ${elapsed.toFixed(1)} s; reading everything back from another device…`)
    const reader = await postJson<{ token: string }>(server.url, '/api/v1/auth/login', { ...ADMIN, deviceId: v7() })
    await readBack(
      server.url,
      reader.token,
      records.map((r) => r.id),
    )
    await server.stop()
    const ceilingAfter = await ceilingRate(kind, records)
    log(`${kind}: ceiling ${Math.round(ceilingBefore)} records/s before, ${Math.round(ceilingAfter)} after`)
    // records over the mean time of the two: the harmonic mean of the rates
    const ceiling = 2 / (1 / ceilingBefore + 1 / ceilingAfter)
    const latencies = [...tally.latencies].sort((a, b) => a - b)
    return {
      database: kind,
      workers: running === workers ? String(workers) : `${workers} asked, ${running} ran`,
      records: records.length,
      perSecond: records.length / elapsed,
      ceiling,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      serverErrors: tally.serverErrors,
      dropped: tally.dropped,
      load: loadSummary,
      ...(activitySummary ? { activity: activitySummary } : {}),
    }
  } finally {
    await server.stop()
    await database.dispose()
  }
}

/** The same rows straight into a fresh database of the same kind, 100 per transaction, the server idle or stopped. */
async function ceilingRate(kind: BenchDatabase, records: Registration[]): Promise<number> {
  const direct = await freshDatabase(kind)
  try {
    const rows = records.map((data) => ({ mutationId: v7(), data }))
    const start = process.hrtime.bigint()
    await directUpserts(direct.db, rows, BATCH, 0, { deviceId: v7(), userId: v7() })
    return records.length / seconds(start)
  } finally {
    await direct.dispose()
  }
}

function printTable(rows: Row[]): void {
  const n = (x: number) => Math.round(x).toLocaleString('en-US')
  const ms = (x: number) => `${n(x)} ms`
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
  const header = [
    'database',
    'workers',
    'devices',
    'records',
    'records/s',
    'ceiling records/s',
    `of ceiling (≥ ${TARGET_OF_CEILING * 100} %)`,
    'push p50',
    'push p95',
    `push p99 (≤ ${TARGET_P99_MS / 1000} s)`,
    '5xx',
    'load average (mean / max)',
  ]
  const lines = rows.map((row) => {
    const of = row.perSecond / row.ceiling
    return [
      row.database,
      row.workers,
      String(DEVICES),
      n(row.records),
      n(row.perSecond),
      n(row.ceiling),
      `${(of * 100).toFixed(0)} % ${pass(of >= TARGET_OF_CEILING)}`,
      ms(row.p50),
      ms(row.p95),
      `${ms(row.p99)} ${pass(row.p99 <= TARGET_P99_MS)}`,
      String(row.serverErrors) + (row.dropped > 0 ? ` (+${row.dropped} dropped)` : ''),
      `${row.load.mean.toFixed(1)} / ${row.load.max.toFixed(1)}`,
    ]
  })
  const cpu = cpus()
  process.stdout.write(
    `\nLoad bench: ${DEVICES} devices at once, ${BATCHES} batches of ${BATCH} registrations each, over loopback; ` +
      `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}\n\n`,
  )
  for (const line of [header, header.map(() => '---'), ...lines]) process.stdout.write(`| ${line.join(' | ')} |\n`)
  process.stdout.write('\nEvery record read back by pull from another device: each once, at rev 1.\n')
  const list = (summary: Record<string, number>, format: (x: number) => string) =>
    Object.entries(summary)
      .sort(([, a], [, b]) => b - a)
      .map(([what, x]) => `${what} ${format(x)}`)
      .join(', ')
  for (const row of rows) {
    if (!row.activity) continue
    process.stdout.write(
      `${row.database} connections, mean per sample: ${list(row.activity.connections, (x) => x.toFixed(1))}\n` +
        `${row.database} change-lock holder: ${list(row.activity.lockHolder, (x) => `${(x * 100).toFixed(0)} %`)}\n`,
    )
  }
  process.stdout.write('\n')
}

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_DATABASES ?? 'SQLite,PostgreSQL').split(',')
  const runs: [BenchDatabase, number][] = wanted.includes('SQLite') ? [['SQLite', 1]] : []
  if (wanted.includes('PostgreSQL')) {
    if (await postgresAnswers()) runs.push(...POSTGRES_WORKERS.map((n): [BenchDatabase, number] => ['PostgreSQL', n]))
    else log('PostgreSQL does not answer: the bench runs on SQLite only')
  }
  log(`making ${DEVICES * BATCHES * BATCH} registrations…`)
  const records = makeRegistrations(DEVICES * BATCHES * BATCH, 'registrar')
  const rows: Row[] = []
  for (const [kind, workers] of runs) rows.push(await measure(kind, workers, records))
  printTable(rows)
}

await main()
