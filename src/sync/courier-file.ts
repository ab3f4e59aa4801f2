/**
 * Courier sync, the phone's side: writes every change still waiting (queued, or sealed
 * at lock and not yet answered) to a file sealed to the server's key, for someone to
 * carry to a link (docs/api.md, Courier files). Nothing leaves the outbox: the entries
 * stay until the phone's own next sync, whose pushes of the same mutationIds get the
 * answers the server stored when the file arrived (`duplicate`, with what they were).
 * A lost file loses nothing; a file carried twice doubles nothing.
 */
import Dexie from 'dexie'
import type { RelaisDb } from '@/data/db'
import { openEntries } from '@/data/outbox'
import { recordsIn } from '@/data/waiting-records'
import { toMutation, type OutboxEntry } from '@/data/outbox-entry'
import { sealCourierBatch, type CourierSender, type SealedCourierBatch } from '@/shared/crypto/courier-file'
import { COURIER_FORMAT, MAX_COURIER_BATCHES, MAX_COURIER_FILE_BYTES } from '@/shared/schemas/courier'
import type { ServerKey } from '@/shared/schemas/keys'
import { newId as uuid } from '@/shared/ids'
import { jsonBytes, planBatch, PROTOCOL_LIMITS, type BatchLimits } from './batch-plan'

/** How long changes may wait before the app suggests a courier: three days. */
export const COURIER_REMINDER_MS = 3 * 24 * 60 * 60 * 1000

export interface CourierFileBody {
  format: typeof COURIER_FORMAT
  v: 1
  deviceId: string
  fileId: string
  createdAt: string
  batches: SealedCourierBatch[]
}

export interface WriteCourierOptions {
  serverKey: Pick<ServerKey, 'kid' | 'jwk'>
  deviceId: string
  sender: CourierSender
  limits?: BatchLimits
  maxBatches?: number
  maxFileBytes?: number
  newId?: () => string
  now?: () => Date
}

export interface CourierFileResult {
  body: CourierFileBody
  /** The file's bytes, as written. */
  text: string
  /** Records with changes in the file, as the sync chip counts them (data/waiting-records.ts). */
  count: number
  /** Records with changes waiting that did not fit (they go at the next sync, or in a next file). */
  left: number
}

/** Everything still waiting for the server's answer, in save order (parked entries were answered). */
export async function waitingEntries(db: RelaisDb): Promise<OutboxEntry[]> {
  const inStatus = (status: OutboxEntry['status']) =>
    db.outbox.where('[status+seq]').between([status, Dexie.minKey], [status, Dexie.maxKey]).toArray()
  const all = [...(await inStatus('queued')), ...(await inStatus('sealed'))]
  return all.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
}

/** When the oldest waiting change was saved (the phone's clock); null when nothing waits. */
export async function oldestWaitingAt(db: RelaisDb): Promise<string | null> {
  let oldest: string | null = null
  for (const entry of await waitingEntries(db)) if (oldest === null || entry.at < oldest) oldest = entry.at
  return oldest
}

/** Whether waiting changes are older than the reminder's three days. */
export function courierDue(oldest: string | null, now: Date): boolean {
  return oldest !== null && now.getTime() - Date.parse(oldest) > COURIER_REMINDER_MS
}

/**
 * Seals the waiting changes into a courier file: batches within the push limits, at most
 * MAX_COURIER_BATCHES of them and MAX_COURIER_FILE_BYTES in all (the oldest first).
 * Null when nothing waits. Needs the keys in memory (the entries are decrypted to seal).
 */
export async function writeCourierFile(db: RelaisDb, opts: WriteCourierOptions): Promise<CourierFileResult | null> {
  const limits = opts.limits ?? PROTOCOL_LIMITS
  const maxBatches = opts.maxBatches ?? MAX_COURIER_BATCHES
  const maxFileBytes = opts.maxFileBytes ?? MAX_COURIER_FILE_BYTES
  const makeId = opts.newId ?? uuid
  const waiting = await waitingEntries(db)
  if (waiting.length === 0) return null
  const body: CourierFileBody = {
    format: COURIER_FORMAT,
    v: 1,
    deviceId: opts.deviceId,
    fileId: makeId(),
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    batches: [],
  }
  let bytes = jsonBytes(body)
  const inFile = new Set<string>()
  let rest = await openEntries(db, waiting)
  while (rest.length > 0 && body.batches.length < maxBatches) {
    const batchId = makeId()
    const entries = planBatch(rest, { deviceId: opts.deviceId, batchId }, limits)
    let batch: SealedCourierBatch
    try {
      batch = await sealCourierBatch({
        publicJwk: opts.serverKey.jwk,
        kid: opts.serverKey.kid,
        deviceId: opts.deviceId,
        batchId,
        sender: opts.sender,
        mutations: entries.map(toMutation),
      })
    } catch (err) {
      // one change alone past the limits: it stays on the phone, for the server to refuse at the next sync
      if (err instanceof RangeError) {
        rest = rest.slice(entries.length)
        continue
      }
      throw err
    }
    const added = jsonBytes(batch) + (body.batches.length > 0 ? 1 : 0)
    if (bytes + added > maxFileBytes) break
    body.batches.push(batch)
    bytes += added
    for (const entry of entries) inFile.add(entry.mutationId)
    rest = rest.slice(entries.length)
  }
  if (body.batches.length === 0) return null
  // a record edited twice may be cut in two: it counts on both sides
  const count = recordsIn(waiting.filter((e) => inFile.has(e.mutationId)))
  const left = recordsIn(waiting.filter((e) => !inFile.has(e.mutationId)))
  return { body, text: JSON.stringify(body), count, left }
}

/** The file's name: `relais-<site>-<day>-<hhmm>.relais`, in the phone's local time. */
export function courierFileName(site: string | undefined, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
  const slug = (site ?? 'relais').toLowerCase().replace(/[^a-z0-9-]/g, '')
  return `relais-${slug || 'relais'}-${day}-${pad(at.getHours())}${pad(at.getMinutes())}.relais`
}
