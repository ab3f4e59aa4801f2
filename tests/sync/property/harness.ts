/**
 * Runs a scenario (model.ts) against a real server: each device is a user database, a
 * device id and the real sync engine over the real HTTP client, whose `fetch` befalls
 * the scenario's faults on the way to the server. Then a final fault-free sync, and the
 * invariants of sync-protocol.md checked against the server's answers and its tables.
 */
import { appendFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { deleteUserDb, openUserDb, type RelaisDb } from '@/data/db'
import { listRecords, saveRecord, type LocalRecord } from '@/data/records'
import { pendingCount } from '@/data/outbox'
import { getSyncStatus } from '@/data/sync-status'
import type { Db } from '@/server/db/open'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { MAX_BATCH_BYTES, MAX_BATCH_MUTATIONS } from '@/shared/schemas/sync'
import { createSyncClient } from '@/sync/sync-client'
import { createSyncEngine, type SyncEngine } from '@/sync/sync-engine'
import { readPushBody } from '../../helpers/push-body'
import { namedRegistration } from '../../helpers/records'
import { createWorld, type ControlledServer, type World, type WorldUser } from '../../helpers/sync-server'
import { deviceName, editText, opText, type EditSpec, type Fault, type Op, type Scenario } from './model'

/**
 * A seeded site none of the run's users covers, and no transit centre: a registration
 * moved there is rejected. (A move to another transit centre is a transfer, which the
 * server applies; tests/server/case-file.test.ts covers those.)
 */
const FOREIGN_SITE = 'SEG-FMP'
/** Rounds of the final sync (each: every device pushes and pulls) before it must be quiet. */
const MIN_FINAL_ROUNDS = 2
const MAX_FINAL_ROUNDS = 8

export interface HarnessOptions {
  /**
   * Rule 5: a device's own versions never count as concurrent changes, so every stored
   * conflict has a version by someone else after its baseRev. Off while the server
   * answers a device's edit of its own not-yet-acknowledged create as a stale create.
   */
  checkOwnConflicts: boolean
}

export interface RunStats {
  requests: number
  faults: number
  conflicts: number
  rejected: number
  restarts: number
  /** Kills that cut a request off (the others came after its answer). */
  cut: number
}

interface HeldRequest {
  from: string
  path: string
  init: RequestInit
}

interface Save {
  dev: number
  label: string
  recordId: string
  mutationId: string
  data: Record<string, unknown>
}

interface SimDevice {
  index: number
  name: string
  user: WorldUser
  db: RelaisDb
  engine: SyncEngine
  /** Faults of the sync in progress, by request number. */
  script: Fault[]
  requests: number
  editDuring?: { afterRequest: number; edit: EditSpec }
}

class Failure extends Error {}

export async function runScenario(
  server: ControlledServer,
  sql: () => Db,
  scenario: Scenario,
  options: HarnessOptions,
): Promise<RunStats> {
  const world = await createWorld(sql(), scenario.devices)
  const trace: string[] = []
  const held: HeldRequest[] = []
  const saves: Save[] = []
  const labels = new Map<string, string>()
  const stats: RunStats = { requests: 0, faults: 0, conflicts: 0, rejected: 0, restarts: 0, cut: 0 }
  const devices = world.users.map((user, index) => makeDevice(index, user))

  function makeDevice(index: number, user: WorldUser): SimDevice {
    const db = openUserDb(user.id)
    const device = { index, name: deviceName(index), user, db, script: [], requests: 0 } as unknown as SimDevice
    const transport = createSyncClient({
      baseUrl: 'http://relais.test',
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => faultyFetch(device, input, init)) as typeof fetch,
      getToken: () => user.token,
    })
    device.engine = createSyncEngine({
      db,
      transport,
      deviceId: user.deviceId,
      getToken: () => user.token,
      appVersion: 'property',
      random: () => 0,
      limits: { maxMutations: scenario.batchSize, maxBytes: MAX_BATCH_BYTES },
      // never started: runs happen when the scenario says, by syncNow()
      setTimer: () => 0,
      clearTimer: () => undefined,
    })
    return device
  }

  /** Sends a request to the server as it is now, and reads the whole answer. */
  async function send(request: HeldRequest): Promise<Response> {
    stats.requests += 1
    const res = await fetch(`${server.url}${request.path}`, request.init)
    const body = await res.arrayBuffer()
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers })
  }

  const lost = (why: string) => new TypeError(`fetch failed (${why})`)
  /** A server that would not start again: the run stops there, not in a flood of network errors. */
  let broken: Error | undefined
  async function control(action: () => Promise<void>): Promise<void> {
    try {
      await action()
    } catch (error) {
      broken ??= error instanceof Error ? error : new Error(String(error))
      throw broken
    }
  }

  async function faultyFetch(device: SimDevice, input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const path = `${url.pathname}${url.search}`
    // the device's abort signal stays with the device: a held request outlives it
    const request: HeldRequest = {
      from: device.name,
      path,
      init: { method: init.method ?? 'GET', headers: init.headers, body: init.body },
    }
    const n = device.requests++
    const fault = device.script[n] ?? 'ok'
    const what = path.includes('/sync/push') ? 'push' : path.includes('/sync/pull') ? 'pull' : 'sites'
    if (fault !== 'ok') stats.faults += 1
    let outcome: { ok: true; res: Response } | { ok: false; error: Error }
    try {
      outcome = { ok: true, res: await deliver(request, fault) }
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error : new Error(String(error)) }
    }
    const answer = outcome.ok
      ? ` → ${outcome.res.status}${await answerText(outcome.res)}`
      : ` → ${outcome.error.message}`
    trace.push(`    ${what}${bodyText(request)} ${fault}${answer}`)
    if (device.editDuring?.afterRequest === n) {
      const { edit } = device.editDuring
      device.editDuring = undefined
      trace.push(`    (meanwhile ${device.name} edits ${await editRecord(device, edit)})`)
    }
    if (!outcome.ok) throw outcome.error
    return outcome.res
  }

  async function deliver(request: HeldRequest, fault: Fault): Promise<Response> {
    switch (fault) {
      case 'ok':
        return send(request)
      case 'drop':
        throw lost('dropped')
      case 'lose':
        await send(request)
        throw lost('answer lost')
      case 'dup': {
        const answers = await Promise.all([send(request), send(request)])
        return answers[1]
      }
      case 'dupSeq':
        await send(request).catch(() => undefined)
        return send(request)
      case 'hold':
        held.push(request)
        throw lost('held in the network')
      case 'restart':
        stats.restarts += 1
        await control(() => server.restart())
        return send(request)
      case 'proxy413': {
        // the proxy's limit lies between one record and a batch: a single record gets through
        if (pushedRecords(request).length <= 1) return send(request)
        const body = { error: 'batch_too_large', message: 'Too large', maxMutations: MAX_BATCH_MUTATIONS }
        return Response.json({ ...body, maxBytes: MAX_BATCH_BYTES }, { status: 413 })
      }
      case 'gateway502':
        return new Response('<html><body>502 Bad Gateway</body></html>', {
          status: 502,
          headers: { 'content-type': 'text/html' },
        })
      default: {
        const ms = Number(fault.slice('kill:'.length))
        const sent = send(request).then(
          (res) => ({ ok: true as const, res }),
          (error: unknown) => ({ ok: false as const, error }),
        )
        await new Promise((resolve) => setTimeout(resolve, ms))
        stats.restarts += 1
        await control(() => server.kill())
        const result = await sent
        await control(() => server.ensureRunning())
        if (!result.ok) {
          stats.cut += 1
          throw lost('server killed')
        }
        return result.res
      }
    }
  }

  async function deliverHeld(newestFirst: boolean): Promise<void> {
    const batch = held.splice(0, held.length)
    if (newestFirst) batch.reverse()
    for (const request of batch) {
      const res = await send(request).catch((error: Error) => error)
      const what = request.path.includes('/sync/push') ? 'push' : 'pull'
      trace.push(`    held ${request.from} ${what} → ${res instanceof Response ? res.status : res.message}`)
    }
  }

  const labelOf = (id: string) => labels.get(id) ?? id

  /** The records a push carries. */
  function pushedRecords(request: HeldRequest): string[] {
    if (!(request.init.body instanceof Uint8Array)) return []
    const headers = new Headers(request.init.headers)
    const raw = headers.get('content-encoding') === 'gzip' ? gunzipSync(request.init.body) : request.init.body
    const body = readPushBody(JSON.parse(new TextDecoder().decode(raw)))
    return (body.mutations ?? []).map((m) => m.recordId)
  }

  /** The records a push carries, for the trace: ` [r1 r2]`. */
  function bodyText(request: HeldRequest): string {
    return request.init.body instanceof Uint8Array ? ` [${pushedRecords(request).map(labelOf).join(' ')}]` : ''
  }

  /** The push answers, for the trace: `applied 1, conflict 2`. */
  async function answerText(res: Response): Promise<string> {
    if (res.status !== 200) return ''
    const body = (await res.clone().json()) as { results?: { status: string; was?: string; rev?: number }[] }
    if (!body.results) return ''
    const parts = body.results.map((r) => `${r.status}${r.was ? `(${r.was})` : ''}${r.rev ? ` rev ${r.rev}` : ''}`)
    return ` ${parts.join(', ')}`
  }
  const byLabel = (a: LocalRecord, b: LocalRecord) => labelNo(labelOf(a.id)) - labelNo(labelOf(b.id))

  /** Saves an edit of one of the device's records; returns what it did, for the trace. */
  async function editRecord(device: SimDevice, edit: EditSpec): Promise<string> {
    const rows = (await listRecords(device.db, 'registration')).sort(byLabel)
    const row = rows[edit.pick % Math.max(rows.length, 1)]
    if (!row) return `nothing (${editText(edit)}: no record yet)`
    const data = {
      ...row.data,
      [edit.field]: edit.value,
      siteCode: edit.misplace ? FOREIGN_SITE : world.site,
    } as NamedRegistration
    await save(device, labelOf(row.id), data)
    return `${labelOf(row.id)}.${edit.field}=${edit.value}${edit.misplace ? ' at a foreign site' : ''}`
  }

  async function save(device: SimDevice, label: string, data: NamedRegistration): Promise<void> {
    await saveRecord(device.db, 'registration', data)
    const entry = await device.db.outbox.orderBy('seq').last()
    if (!entry?.data) throw new Error('saveRecord queued nothing')
    saves.push({ dev: device.index, label, recordId: data.id, mutationId: entry.mutationId, data: entry.data })
  }

  async function syncDevice(device: SimDevice, faults: Fault[], editDuring?: SimDevice['editDuring']) {
    device.script = faults
    device.requests = 0
    device.editDuring = editDuring
    await device.engine.syncNow()
    device.script = []
    device.editDuring = undefined
    const status = await getSyncStatus(device.db)
    const pending = await pendingCount(device.db)
    trace.push(`    → ${status.lastError ? `failed (${status.lastError.code})` : 'ok'}, ${pending} queued`)
    return status.lastError === null
  }

  async function apply(op: Op): Promise<void> {
    const device = 'dev' in op ? devices[op.dev % devices.length] : undefined
    switch (op.kind) {
      case 'create': {
        if (!device) return
        const label = `r${labels.size + 1}`
        const data = namedRegistration({ siteCode: world.site, registeredBy: device.user.id })
        labels.set(data.id, label)
        await save(device, label, data)
        trace.push(`${device.name} creates ${label}`)
        return
      }
      case 'edit':
        if (!device) return
        trace.push(`${device.name} edits ${await editRecord(device, op.edit)}`)
        return
      case 'sync':
        if (!device) return
        trace.push(opText({ ...op, dev: device.index }))
        await syncDevice(device, op.faults, op.editDuring)
        return
      case 'deliver':
        trace.push(opText(op))
        await deliverHeld(op.newestFirst)
        return
      case 'restart':
        trace.push(opText(op))
        stats.restarts += 1
        await control(() => server.restart())
        return
      case 'kill':
        trace.push(opText(op))
        stats.restarts += 1
        await control(() => server.kill())
        await control(() => server.ensureRunning())
        return
    }
  }

  async function finalSync(): Promise<void> {
    trace.push('— final sync —')
    await deliverHeld(false)
    for (let round = 1; round <= MAX_FINAL_ROUNDS; round++) {
      const before = await lastSeq(sql())
      let ok = true
      for (const device of devices) {
        trace.push(`${device.name} sync`)
        ok = (await syncDevice(device, [])) && ok
      }
      let queued = 0
      for (const device of devices) queued += await pendingCount(device.db)
      if (round >= MIN_FINAL_ROUNDS && ok && queued === 0 && (await lastSeq(sql())) === before) return
    }
    throw new Failure(`not quiet after ${MAX_FINAL_ROUNDS} rounds of fault-free sync`)
  }

  try {
    for (const op of scenario.ops) {
      await apply(op)
      if (broken) throw broken
    }
    await finalSync()
    if (broken) throw broken
    const problems = await check(world, devices, saves, labels, sql(), server.url, options)
    stats.conflicts = (
      await sql().selectFrom('conflicts').select('id').where('record_id', 'in', ids(saves)).execute()
    ).length
    stats.rejected =
      saves.length === 0 ? 0 : (await answers(sql(), saves)).filter((a) => a.status === 'rejected').length
    if (problems.length > 0) throw new Failure(problems.join('\n'))
    return stats
  } catch (error) {
    const why = error instanceof Error ? (error.stack ?? error.message) : String(error)
    const head = error instanceof Failure ? 'Invariants broken' : 'The run threw'
    const report = new Error(
      `${head} (${scenario.devices} devices, batches of ${scenario.batchSize}):\n${why}\n\nops:\n  ${scenario.ops.map(opText).join('\n  ')}\n\ntrace:\n  ${trace.join('\n  ')}`,
      { cause: error },
    )
    // long local runs: see each failing run at once, before fast-check has finished shrinking
    if (process.env.RELAIS_PROPERTY_LOG) appendFileSync(process.env.RELAIS_PROPERTY_LOG, `${report.message}\n\n`)
    throw report
  } finally {
    for (const device of devices) {
      device.engine.stop()
      await deleteUserDb(device.user.id)
    }
  }
}

const labelNo = (label: string) => Number(label.slice(1)) || Number.MAX_SAFE_INTEGER
const ids = (saves: readonly Save[]) => [...new Set(saves.map((s) => s.recordId)), '-']

async function lastSeq(db: Db): Promise<number> {
  const row = await db.selectFrom('records').select(db.fn.max('seq').as('seq')).executeTakeFirst()
  return Number(row?.seq ?? 0)
}

async function answers(db: Db, saves: readonly Save[]) {
  return db
    .selectFrom('mutations')
    .select(['mutation_id', 'status', 'rev'])
    .where('record_id', 'in', ids(saves))
    .execute()
}

interface ServerRecord {
  rev: number
  deleted: boolean
  data?: Record<string, unknown>
}

/** Every change the observer (a supervisor of the run's site, on its own device) may pull. */
async function serverRecords(url: string, observer: WorldUser): Promise<Map<string, ServerRecord>> {
  const records = new Map<string, ServerRecord>()
  let since: string | undefined
  for (let page = 0; page < 100; page++) {
    const query = new URLSearchParams({ limit: '500', ...(since ? { since } : {}) })
    const res = await fetch(`${url}/api/v1/sync/pull?${query}`, {
      headers: { authorization: `Bearer ${observer.token}` },
    })
    if (res.status !== 200) throw new Error(`observer pull: ${res.status} ${await res.text()}`)
    const body = (await res.json()) as {
      changes: { recordId: string; rev: number; deleted: boolean; data?: Record<string, unknown> }[]
      cursor: string
      more: boolean
    }
    for (const c of body.changes) records.set(c.recordId, { rev: c.rev, deleted: c.deleted, data: c.data })
    since = body.cursor
    if (!body.more) return records
  }
  throw new Error('observer pull: more than 100 pages')
}

async function check(
  world: World,
  devices: readonly SimDevice[],
  saves: readonly Save[],
  labels: ReadonlyMap<string, string>,
  db: Db,
  url: string,
  options: HarnessOptions,
): Promise<string[]> {
  const problems: string[] = []
  const label = (id: string) => labels.get(id) ?? id
  const server = await serverRecords(url, world.observer)
  const recordIds = ids(saves)

  // every mutation applied at most once
  const twice = await db
    .selectFrom('record_versions')
    .select(['mutation_id', db.fn.countAll<number>().as('n')])
    .where('record_id', 'in', recordIds)
    .groupBy('mutation_id')
    .having(db.fn.countAll(), '>', 1)
    .execute()
  for (const row of twice) problems.push(`mutation ${row.mutation_id} is in the history ${row.n} times`)

  const versions = await db
    .selectFrom('record_versions')
    .select(['record_id', 'rev', 'mutation_id', 'data', 'device_id', 'user_id'])
    .where('record_id', 'in', recordIds)
    .orderBy('record_id')
    .orderBy('rev')
    .execute()
  const revsOf = new Map<string, number[]>()
  for (const v of versions) revsOf.set(v.record_id, [...(revsOf.get(v.record_id) ?? []), v.rev])
  for (const [id, revs] of revsOf) {
    if (!revs.every((rev, i) => rev === i + 1)) problems.push(`${label(id)}: history revs ${revs.join(',')}`)
    const latest = server.get(id)
    if (latest && latest.rev !== revs.length)
      problems.push(`${label(id)}: server rev ${latest.rev}, history has ${revs.length} versions`)
  }
  const answered = new Map((await answers(db, saves)).map((a) => [a.mutation_id, a]))
  const conflicts = await db
    .selectFrom('conflicts')
    .select(['record_id', 'mutation_id', 'base_rev', 'data', 'device_id', 'user_id'])
    .where('record_id', 'in', recordIds)
    .execute()
  const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown))

  // every saved change reached the server and was answered once; its version or conflict holds what was saved
  for (const s of saves) {
    const who = `${deviceName(s.dev)}'s save of ${s.label} (${s.mutationId})`
    const answer = answered.get(s.mutationId)
    if (!answer) {
      problems.push(`${who} never reached the server`)
      continue
    }
    const mine = versions.filter((v) => v.mutation_id === s.mutationId)
    if (answer.status === 'applied' || answer.status === 'merged') {
      if (mine.length !== 1) problems.push(`${who} was ${answer.status} but is in the history ${mine.length} times`)
      if (answer.status === 'applied' && mine[0] && !isDeepStrictEqual(parse(mine[0].data), s.data))
        problems.push(`${who} was applied with other data than saved`)
    } else if (answer.status === 'conflict') {
      const stored = conflicts.filter((c) => c.mutation_id === s.mutationId)
      if (stored.length !== 1) problems.push(`${who} was a conflict, stored ${stored.length} times`)
      else if (!isDeepStrictEqual(parse(stored[0]?.data ?? null), s.data))
        problems.push(`${who}: the stored conflict holds other data than saved`)
    } else if (answer.status !== 'rejected') problems.push(`${who} has first answer ${answer.status}`)
  }

  // nothing lost: a create the server accepted is there
  const created = new Map<string, Save>()
  for (const s of saves) if (!created.has(s.recordId)) created.set(s.recordId, s)
  for (const [id, s] of created) {
    const everAccepted = saves.some(
      (t) => t.recordId === id && ['applied', 'merged'].includes(answered.get(t.mutationId)?.status ?? ''),
    )
    if (everAccepted && !server.get(id)) problems.push(`${s.label} was accepted but the server does not have it`)
  }

  for (const device of devices) {
    const who = device.name
    const local = new Map((await listRecords(device.db, 'registration')).map((r) => [r.id, r]))
    const outbox = await device.db.outbox.toArray()
    for (const e of outbox) {
      if (e.status === 'queued') problems.push(`${who}: ${label(e.recordId)} still queued (${e.mutationId})`)
      else if (answered.get(e.mutationId)?.status !== 'rejected')
        problems.push(
          `${who}: ${label(e.recordId)} parked but the server answered ${answered.get(e.mutationId)?.status}`,
        )
    }
    // each device holds the server's version of every record, except the ones it holds as rejected
    for (const [id, theirs] of server) {
      const mine = local.get(id)
      if (!mine) {
        problems.push(`${who} lacks ${label(id)} (server rev ${theirs.rev})`)
        continue
      }
      if (mine.state === 'rejected') continue
      if (mine.syncedRev !== theirs.rev)
        problems.push(`${who}: ${label(id)} at rev ${mine.syncedRev}, server at ${theirs.rev}`)
      if (!isDeepStrictEqual(mine.data, theirs.data)) problems.push(`${who}: ${label(id)} differs from the server's`)
      if (mine.state !== 'sent' && mine.state !== 'conflict') problems.push(`${who}: ${label(id)} is ${mine.state}`)
      if (
        mine.state === 'conflict' &&
        !conflicts.some((c) => c.record_id === id && c.device_id === device.user.deviceId)
      )
        problems.push(`${who}: ${label(id)} is in conflict but no conflict of this device is stored`)
    }
    for (const [id, mine] of local) {
      if (mine.state === 'rejected') {
        if (!outbox.some((e) => e.recordId === id && e.status === 'parked'))
          problems.push(`${who}: ${label(id)} is rejected with no parked entry`)
      } else if (!server.has(id)) problems.push(`${who} has ${label(id)} (${mine.state}) that the server lacks`)
    }
    // its last edit of each record is kept somewhere: in the history, the conflicts, or shown as rejected
    const lastSave = new Map<string, Save>()
    for (const s of saves) if (s.dev === device.index) lastSave.set(s.recordId, s)
    for (const s of lastSave.values()) {
      if (answered.get(s.mutationId)?.status !== 'rejected') continue // checked above
      const mine = local.get(s.recordId)
      if (mine?.state !== 'rejected' || !isDeepStrictEqual(mine.data, s.data))
        problems.push(`${who}: its last edit of ${s.label} was rejected but is not kept and shown as rejected`)
    }
  }

  if (options.checkOwnConflicts) {
    for (const c of conflicts) {
      const concurrent = versions.some(
        (v) =>
          v.record_id === c.record_id && v.rev > c.base_rev && (v.device_id !== c.device_id || v.user_id !== c.user_id),
      )
      if (!concurrent)
        problems.push(
          `${label(c.record_id)}: conflict on baseRev ${c.base_rev} stored though every version since is the device's own (${c.mutation_id})`,
        )
    }
  }
  return problems
}
