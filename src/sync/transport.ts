/**
 * What the sync engine needs from the network, as typed outcomes rather than throws:
 * the engine decides what each failure means (retry-policy.ts), the transport only
 * says what happened. sync-client.ts is the real one; tests give a stub.
 */
import type { Access } from '@/shared/schemas/access'
import type { StaffMember } from '@/shared/schemas/staff'
import type { PulledPage, PushRequest, PushResponse } from '@/shared/schemas/sync'
import type { Site } from '@/shared/schemas/site'
import type { ServerClock } from '@/data/sync-status'

export type TransportFailure =
  /** No answer: fetch threw, timed out or was aborted. */
  | { kind: 'network'; message: string }
  /** An answer that is not the API's JSON (a captive portal, a service worker's fallback page). */
  | { kind: 'bad_response'; status: number; message: string }
  /** An API error answer: `error` is the body's code (or `http_<status>` when it has none). */
  | {
      kind: 'http'
      status: number
      error: string
      message: string
      mode?: string
      retryAfterSeconds?: number
      /** With 426 `app_update_required`: the oldest app version the server serves. */
      minAppVersion?: string
    }

/** `clock`: the answer's `Date` header and the phone's time when it arrived (absent without the header). */
export type Outcome<T> = { ok: true; value: T; clock?: ServerClock } | { ok: false; failure: TransportFailure }

export interface SyncTransport {
  push(body: PushRequest): Promise<Outcome<PushResponse>>
  /** `since` undefined: from the beginning. Read leniently: a newer server's entities and fields are kept. */
  pull(since: string | undefined, limit: number): Promise<Outcome<PulledPage>>
  /**
   * The same page as the server sent it, unparsed (a transport over HTTP has it): a new
   * phone's pull hands it to a worker that parses, checks and seals it (data/pull-workers.ts),
   * and the page's thread never holds its records.
   */
  pullText?(since: string | undefined, limit: number): Promise<Outcome<string>>
  fetchSites(): Promise<Outcome<Site[]>>
  /** The staff directory (additive): an older server answers 404, and the phone keeps what it had. */
  fetchStaff(): Promise<Outcome<StaffMember[]>>
  /** The user's role and sites as the server holds them now (additive: an older server answers 404). */
  fetchAccess?(): Promise<Outcome<Access>>
}
