/**
 * `npm run bench:sync` (a measurement, not a test): 50,000 realistic registrations
 * pushed through the real endpoint over loopback, in gzip-compressed batches of 500 as
 * the device sends them, on SQLite and (when one answers) PostgreSQL; against the same
 * rows upserted straight into the database (the ceiling), and against the same records
 * sent the OpenRosa way (one multipart XML POST each). Prints one table.
 * BENCH_RECORDS changes the count, BENCH_FULL_RECORDS=1 fills every section of each named
 * case and makes its ids as a phone does, at their own times (the wire budget of issue 11),
 * BENCH_BATCH the records per push (500), BENCH_DATABASES=SQLite skips PostgreSQL; the batches are compressed before the clock starts
 * (the device does that on its own CPU). BENCH_CPU_PROFILE=<file> writes a CPU profile
 * of the endpoint runs (open it in Chrome's DevTools) of
 * the measured loop: the endpoint's turns and the ceiling's (ceiling.ts).
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { cpus } from 'node:os'
import { gunzipSync } from 'node:zlib'
import { v7 } from 'uuid'
import { buildApp } from '../../src/server/app'
import { ensureFirstAdmin } from '../../src/server/seed/first-admin'
import { seedSites } from '../../src/server/seed/seed-sites'
import type { Db } from '../../src/server/db/open'
import type { Registration } from '../../src/shared/schemas/registration'
import { APP_VERSION_HEADER, type MinimalPushResponse } from '../../src/shared/schemas/sync'
import { postJson } from './api'
import { directUpserts } from './ceiling'
import { freshDatabase, postgresAnswers, type BenchDatabase } from './databases'
import { collectHeaders, instanceXml, multipartSubmission, startOpenRosaEndpoint } from './openrosa'
import { phonePushes, pushBodies } from './push-batches'
import { makeRegistrations } from './registrations'
import { WireClient } from './wire'

const RECORDS = Number(process.env.BENCH_RECORDS ?? 50_000)
/** BENCH_FULL_RECORDS=1: every named case with every section filled (the wire budget of issue 11) */
const FULL = process.env.BENCH_FULL_RECORDS === '1'
/** BENCH_BATCH: records per push (a phone that syncs every day sends a few dozen) */
const BATCH = Number(process.env.BENCH_BATCH ?? 500)
/** Batches per turn of the endpoint, then of the ceiling. */
const TURN = 10
const ADMIN = { username: 'admin', password: 'bench-admin-passphrase' }
const DEVICE_ID = v7()
const TARGET_OF_CEILING = 0.5
const TARGET_OF_OPENROSA = 1 / 20

interface Row {
  way: string
  database: string
  perSecond: number
  ceiling?: number
  bytesPerRecord: number
  roundTrips: string
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9
const log = (line: string) => process.stderr.write(`${line}\n`)

interface RunningEndpoint {
  url: URL
  token: string
  userId: string
  close(): Promise<void>
}

/** The real server, in process, on a fresh database, with a registrar signed in on the bench's device. */
async function startEndpoint(kind: BenchDatabase): Promise<RunningEndpoint & { db: Db }> {
  const { db, dispose } = await freshDatabase(kind)
  await seedSites(db)
  await ensureFirstAdmin(db, ADMIN)
  const app = await buildApp({ db, config: { tokenTtlDays: 30, staticDir: '/nonexistent', trustProxy: false } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const url = new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`)
  const admin = await postJson<{ token: string }>(url, '/api/v1/auth/login', { ...ADMIN, deviceId: v7() })
  const registrar = { username: 'registrar.agadez', password: 'a-long-enough-password' }
  const sites = ['AGZ-TC', 'ARL-TC', 'DRK-TC', 'NIA-TC1', 'NIA-TC2']
  await postJson(url, '/api/v1/users', { ...registrar, name: 'Bench registrar', role: 'registrar', sites }, admin.token)
  const session = await postJson<{ token: string; user: { id: string } }>(url, '/api/v1/auth/login', {
    ...registrar,
    deviceId: DEVICE_ID,
  })
  return {
    url,
    db,
    token: session.token,
    userId: session.user.id,
    async close() {
      await app.close()
      await dispose()
    },
  }
}

/**
 * The endpoint and the ceiling, each on its own fresh database of one kind. They take
 * turns, ten batches at a time, so that both see the same machine: a busy neighbour
 * slows both alike, not one of them.
 */
async function measure(kind: BenchDatabase, records: Registration[]): Promise<Row> {
  const server = await startEndpoint(kind)
  const direct = await freshDatabase(kind)
  try {
    // bytes and headers as the app's sync client makes them (push-request.ts), ids made as a phone makes them
    const owner = { deviceId: DEVICE_ID, userId: server.userId, batchSize: BATCH, idsAtSave: FULL }
    const pushes = await phonePushes(pushBodies(records, owner))
    const rows = records.map((data) => ({ mutationId: v7(), data }))
    const client = new WireClient(server.url)
    const headers = {
      'accept-encoding': 'gzip, deflate, br, zstd', // as browsers send it
      authorization: `Bearer ${server.token}`,
      [APP_VERSION_HEADER]: '0.1.0', // as the app's every call does (http.ts)
    }
    let endpointSeconds = 0
    let ceilingSeconds = 0
    let seq = 0
    const profiler = await startProfile()
    for (let first = 0; first < pushes.length; first += TURN) {
      const start = process.hrtime.bigint()
      for (const push of pushes.slice(first, first + TURN)) {
        const answer = await client.request('POST', '/api/v1/sync/push', { ...headers, ...push.headers }, push.bytes)
        const text = answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.body) : answer.body
        const results = (JSON.parse(text.toString()) as MinimalPushResponse).results
        if (answer.status !== 200 || results.some((r) => r.status !== 'applied')) {
          throw new Error(`push answered ${answer.status}: ${text.toString().slice(0, 300)}`)
        }
      }
      endpointSeconds += seconds(start)
      const turn = process.hrtime.bigint()
      seq = await directUpserts(direct.db, rows.slice(first * BATCH, (first + TURN) * BATCH), BATCH, seq, {
        deviceId: DEVICE_ID,
        userId: server.userId,
      })
      ceilingSeconds += seconds(turn)
    }
    await profiler?.stop(kind)
    const bytes = client.wireBytes()
    client.close()
    const stored = await server.db
      .selectFrom('records')
      .select(server.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    if (Number(stored.n) !== records.length) throw new Error(`${stored.n} records stored, not ${records.length}`)
    log(`${kind}: endpoint ${endpointSeconds.toFixed(1)} s, ceiling ${ceilingSeconds.toFixed(1)} s`)
    return {
      way: `Relais push, gzip, ${BATCH} per batch`,
      database: kind,
      perSecond: records.length / endpointSeconds,
      ceiling: records.length / ceilingSeconds,
      bytesPerRecord: bytes / records.length,
      roundTrips: `${client.roundTrips} (1 per ${BATCH} records)`,
    }
  } finally {
    await server.close()
    await direct.dispose()
  }
}

async function startProfile() {
  const file = process.env.BENCH_CPU_PROFILE
  if (!file) return undefined
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return {
    async stop(kind: BenchDatabase) {
      const { profile } = await session.post('Profiler.stop')
      writeFileSync(file.replace(/(\.cpuprofile)?$/, `-${kind}.cpuprofile`), JSON.stringify(profile))
      session.disconnect()
    },
  }
}

/** Every record as its own OpenRosa submission: one HEAD for the session, then one POST each. */
async function openRosa(records: Registration[]): Promise<Row> {
  const endpoint = await startOpenRosaEndpoint()
  const client = new WireClient(endpoint.url)
  try {
    const start = process.hrtime.bigint()
    await client.request('HEAD', '/submission', collectHeaders())
    for (const record of records) {
      const { body, contentType } = multipartSubmission(instanceXml(record, DEVICE_ID))
      const answer = await client.request(
        'POST',
        '/submission',
        { ...collectHeaders(), 'content-type': contentType },
        body,
      )
      if (answer.status !== 201) throw new Error(`OpenRosa endpoint answered ${answer.status}`)
    }
    const elapsed = seconds(start)
    if (endpoint.received() !== records.length) throw new Error('the OpenRosa endpoint missed submissions')
    return {
      way: 'OpenRosa: 1 multipart XML POST per record',
      database: 'none (loopback stub)',
      perSecond: records.length / elapsed,
      bytesPerRecord: client.wireBytes() / records.length,
      roundTrips: `${client.roundTrips} (1 per record + 1 HEAD)`,
    }
  } finally {
    client.close()
    await endpoint.close()
  }
}

function printTable(rows: Row[], openRosaBytes: number): void {
  const n = (x: number) => Math.round(x).toLocaleString('en-US')
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
  const header = [
    'Way',
    'Database',
    'Records/s',
    'Direct upsert ceiling, records/s',
    'Of ceiling (target ≥ 50 %)',
    'Bytes/record on the wire',
    'Of OpenRosa bytes (target ≤ 1/20)',
    'Round trips',
  ]
  const lines = rows.map((row) => {
    const ofCeiling = row.ceiling === undefined ? undefined : row.perSecond / row.ceiling
    const ofOpenRosa = row.bytesPerRecord / openRosaBytes
    const isRelais = row.ceiling !== undefined
    return [
      row.way,
      row.database,
      n(row.perSecond),
      row.ceiling === undefined ? '—' : n(row.ceiling),
      ofCeiling === undefined ? '—' : `${(ofCeiling * 100).toFixed(0)} % ${pass(ofCeiling >= TARGET_OF_CEILING)}`,
      row.bytesPerRecord.toFixed(0),
      isRelais ? `1/${(1 / ofOpenRosa).toFixed(1)} ${pass(ofOpenRosa <= TARGET_OF_OPENROSA)}` : '1',
      row.roundTrips,
    ]
  })
  const cpu = cpus()
  process.stdout.write(
    `\nSync bench: ${n(RECORDS)} registrations over loopback; ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}\n\n`,
  )
  for (const line of [header, header.map(() => '---'), ...lines]) process.stdout.write(`| ${line.join(' | ')} |\n`)
  process.stdout.write('\n')
}

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_DATABASES ?? 'SQLite,PostgreSQL').toLowerCase().split(',')
  const kinds: BenchDatabase[] = wanted.includes('sqlite') ? ['SQLite'] : []
  if (wanted.includes('postgresql')) {
    if (await postgresAnswers()) kinds.push('PostgreSQL')
    else log('PostgreSQL does not answer: the bench runs on SQLite only')
  }
  log(`making ${RECORDS} registrations…`)
  const records = makeRegistrations(RECORDS, 'registrar.agadez', undefined, { full: FULL })
  const rows: Row[] = []
  for (const kind of kinds) rows.push(await measure(kind, records))
  log('OpenRosa submissions…')
  const openRosaRow = await openRosa(records)
  rows.push(openRosaRow)
  printTable(rows, openRosaRow.bytesPerRecord)
}

await main()
