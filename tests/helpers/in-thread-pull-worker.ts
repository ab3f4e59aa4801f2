/**
 * A pull worker in the test's thread (data/pull-workers.ts): it runs the real worker's
 * handler, and what it is sent and answers is cloned, as between threads. Its database
 * connection is its own, as a real worker's is: the page's Dexie hooks do not see its writes.
 */
import { pullWorkerHandler, type PullWorkerReply, type PullWorkerRequest } from '@/data/pull-worker-handler'
import type { PullWorker } from '@/data/pull-workers'

export type WorkerBehaviour = 'answer' | 'crash' | 'error' | 'silent' | 'late'

export class InThreadWorker implements PullWorker {
  onmessage: PullWorker['onmessage'] = null
  onerror: PullWorker['onerror'] = null
  onmessageerror: PullWorker['onmessageerror'] = null
  readonly requests: PullWorkerRequest[] = []
  terminated = false
  private readonly handle = pullWorkerHandler((reply) => this.answer(reply))
  private readonly held: PullWorkerReply[] = []

  /**
   * crash: fails at its first message; error: answers each store with an error; silent:
   * never answers a store; late: says what a stored page wrote only when `release()` is called.
   */
  constructor(private readonly behaviour: WorkerBehaviour = 'answer') {}

  postMessage(request: PullWorkerRequest): void {
    this.requests.push(request)
    if (this.terminated || (this.behaviour === 'silent' && request.kind === 'store')) return
    if (this.behaviour === 'crash') return void queueMicrotask(() => this.onerror?.(new Event('error')))
    if (this.behaviour === 'error' && request.kind === 'store')
      return this.answer({ id: request.id, error: 'the worker broke' })
    // (a CryptoKey crosses threads in a browser; Node's structuredClone cannot copy it, and
    // the rest of a request is a number or a string)
    void this.handle(request)
  }

  private answer(reply: PullWorkerReply): void {
    if (this.terminated) return
    if (this.behaviour === 'late' && 'kind' in reply && reply.kind === 'written') return void this.held.push(reply)
    this.send(reply)
  }

  private send(reply: PullWorkerReply): void {
    const data = structuredClone(reply)
    queueMicrotask(() => this.onmessage?.(new MessageEvent('message', { data })))
  }

  /** Sends what the stored pages wrote, held until now (late). */
  release(): void {
    for (const reply of this.held.splice(0)) if (!this.terminated) this.send(reply)
  }

  terminate(): void {
    this.terminated = true
  }

  /** The kinds of requests it was sent, in order. */
  kinds(): string[] {
    return this.requests.map((request) => request.kind)
  }
}
