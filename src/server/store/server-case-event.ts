/**
 * A case event the server writes itself, for what a supervisor does from the console (a
 * merge, its undoing, a conflict's resolution): a new record on the case's timeline, by
 * the server's device id so that every phone of the site pulls it, the supervisor's own
 * phone too, and as the supervisor's (`by`, and the version's author).
 */
import { newId } from '../../shared/ids'
import type { SessionUser } from '../../shared/schemas/auth'
import { caseEventSchema, type CaseEvent } from '../../shared/schemas/case-event'
import type { ChangeSet } from './change-set'
import { type RecordData, SERVER_DEVICE_ID } from './records'

/** What the event says beyond its case, author and time. */
export type ServerCaseEventFacts = Pick<CaseEvent, 'kind' | 'recordId' | 'choice'>

/** Writes the event on the timeline of `kase` (a registration, at its site); returns its id. */
export function writeServerCaseEvent(
  changes: ChangeSet,
  user: SessionUser,
  kase: { id: string; siteCode: string },
  facts: ServerCaseEventFacts,
  at: string,
): string {
  const id = newId()
  const event = caseEventSchema.parse({
    id,
    createdAt: at,
    updatedAt: at,
    siteCode: kase.siteCode,
    registrationId: kase.id,
    at,
    by: user.id,
    ...facts,
  })
  changes.write({
    entity: 'caseEvent',
    recordId: id,
    siteCode: kase.siteCode,
    rev: 1,
    data: event as RecordData,
    deviceId: SERVER_DEVICE_ID,
    userId: user.id,
    mutationId: newId(),
    at,
  })
  return id
}
