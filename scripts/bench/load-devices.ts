/**
 * Devices of the load bench: each signed in on its own, with its own keep-alive
 * connection (as a phone has), then all pushing at once: each device sends its batches
 * one after the other, as the sync engine does, and retries a batch (same bytes, same
 * batchId) after a 5xx or a dropped connection. Every request's latency is kept.
 */
import { gunzipSync } from 'node:zlib'
import { v7 } from 'uuid'
import type { PushResponse } from '../../src/shared/schemas/sync'
import { postJson } from './api'
import { WireClient } from './wire'

const MAX_ATTEMPTS = 8
const RETRY_DELAY_MS = 250

export interface User {
  username: string
  password: string
}

export interface Device {
  deviceId: string
  userId: string
  token: string
  client: WireClient
}

export interface PushTally {
  /** Milliseconds from sending a batch to its whole answer, every attempt. */
  latencies: number[]
  serverErrors: number
  dropped: number
  applied: number
  duplicate: number
  /** Answers that were neither 200 nor 5xx, and results that were not applied: the bench fails on any. */
  unexpected: string[]
}

/** Signs devices in one after another, spread over `users`: sign-in is deliberately slow (scrypt). */
export async function signInDevices(url: URL, users: User[], count: number): Promise<Device[]> {
  const devices: Device[] = []
  for (let i = 0; i < count; i++) {
    const user = users[i % users.length] as User
    const deviceId = v7()
    const session = await postJson<{ token: string; user: { id: string } }>(url, '/api/v1/auth/login', {
      ...user,
      deviceId,
    })
    devices.push({ deviceId, userId: session.user.id, token: session.token, client: new WireClient(url) })
  }
  return devices
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function pushOne(device: Device, body: Buffer, tally: PushTally): Promise<void> {
  const headers = {
    'content-type': 'application/json',
    'content-encoding': 'gzip',
    'accept-encoding': 'gzip, deflate, br',
    authorization: `Bearer ${device.token}`,
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const start = process.hrtime.bigint()
    let answer
    try {
      answer = await device.client.request('POST', '/api/v1/sync/push', headers, body)
    } catch {
      tally.dropped++
      await sleep(RETRY_DELAY_MS * attempt)
      continue
    }
    tally.latencies.push(Number(process.hrtime.bigint() - start) / 1e6)
    if (answer.status >= 500) {
      tally.serverErrors++
      await sleep(RETRY_DELAY_MS * attempt)
      continue
    }
    const text = (answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.body) : answer.body).toString()
    if (answer.status !== 200) {
      tally.unexpected.push(`${answer.status} ${text.slice(0, 200)}`)
      return
    }
    for (const result of (JSON.parse(text) as PushResponse).results) {
      if (result.status === 'applied') tally.applied++
      else if (result.status === 'duplicate')
        tally.duplicate++ // a retry of a batch that had committed
      else tally.unexpected.push(`${result.status} ${JSON.stringify(result).slice(0, 200)}`)
    }
    return
  }
  tally.unexpected.push(`a batch still failed after ${MAX_ATTEMPTS} attempts`)
}

/** Every device pushes its batches, all devices at once; resolves when the last answer is in. */
export async function pushAtOnce(devices: Device[], bodies: Buffer[][]): Promise<PushTally> {
  const tally: PushTally = { latencies: [], serverErrors: 0, dropped: 0, applied: 0, duplicate: 0, unexpected: [] }
  await Promise.all(
    devices.map(async (device, i) => {
      for (const body of bodies[i] ?? []) await pushOne(device, body, tally)
    }),
  )
  return tally
}
