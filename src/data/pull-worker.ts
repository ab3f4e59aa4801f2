/**
 * A dedicated worker that checks, seals and stores pages of a pull
 * (pull-worker-handler.ts). A new phone pulls tens of thousands of records: here they
 * leave the page's thread free, and two such workers take turns (pull-workers.ts). The
 * worker keeps no key of its own: the data key travels with each page, and the worker
 * ends with the pull.
 */
import '@/shared/zod-without-eval' // before any schema: the worker runs under the app's CSP too
import { pullWorkerHandler, type PullWorkerRequest } from './pull-worker-handler'

const scope = self as unknown as DedicatedWorkerGlobalScope
const handle = pullWorkerHandler((reply) => scope.postMessage(reply))

scope.onmessage = ({ data }: MessageEvent<PullWorkerRequest>) => void handle(data)
