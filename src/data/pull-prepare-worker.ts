/**
 * A dedicated worker that prepares pages of a pull (pulled-change.ts): each change's data
 * checked with the shared schemas and sealed under the data key the page came with. A
 * new phone's pull does this for tens of thousands of records; here it runs beside the
 * page's thread, which writes the page before while this one is prepared
 * (pull-preparer.ts). The worker keeps nothing between pages: the key travels with
 * each page, and the worker ends with the pull.
 */
import '@/shared/zod-without-eval' // before any schema: the worker runs under the app's CSP too
import type { PulledChange } from '@/shared/schemas/sync'
import { prepareChangeWith } from './pulled-change'
import type { PrepareReply, PrepareRequest } from './pull-preparer'

const scope = self as unknown as DedicatedWorkerGlobalScope

scope.onmessage = async ({ data }: MessageEvent<PrepareRequest>) => {
  const { id, dataKey, retentionDays, changes } = data
  let reply: PrepareReply
  try {
    const prepared = await Promise.all(
      changes.map((change: PulledChange) => prepareChangeWith(dataKey, retentionDays, change)),
    )
    // the page's thread has each change already: only what was made of it comes back
    reply = { id, prepared: prepared.map(({ change: _change, ...made }) => made) }
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) }
  }
  scope.postMessage(reply)
}
