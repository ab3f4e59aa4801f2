/**
 * Is the server reachable? Asks GET /healthz and checks the body: a service worker (or a
 * captive portal) can answer when the network cannot, so a 200 alone proves nothing and
 * `navigator.onLine` is only a hint.
 */
import { z } from 'zod'
import { callApi, type HttpOptions } from './http'

const healthSchema = z.looseObject({ ok: z.literal(true) })

export async function probeServer(opts: HttpOptions = {}): Promise<boolean> {
  const outcome = await callApi({ timeoutMs: 15_000, ...opts }, '/healthz', { method: 'GET' }, healthSchema)
  return outcome.ok
}
