/**
 * The records a transfer writes, in the order they are saved, for one case or several of
 * one household moving together. Each case that moves is one new version of its
 * registration (its new centre) with its 'transferred' event, as a single transfer has
 * always been; its events come first, at the centre it leaves, so that they reach the
 * server before the registration, whose transfer carries them along.
 *
 * A transfer that parts a household leaves its trace on both sides: each case that moves
 * gets a 'household_member_stayed' event per member staying (it follows the case to its
 * new centre, where those members are not seen), and each member staying gets a
 * 'household_member_transferred' event per case that moved (it stays at the centre,
 * where the moved cases leave the phones once sent). Events name the other case by its
 * id only: no personal data lives in an event.
 */
import { newId } from '@/shared/ids'
import type { CaseEvent } from '@/shared/schemas/case-event'
import type { Registration } from '@/shared/schemas/registration'

export interface TransferPlan {
  /** the cases that move (the case the transfer was asked from first) */
  moving: readonly Registration[]
  /** the household's other members at the centre they leave, who stay there */
  staying: readonly Registration[]
  toSite: string
}

export type TransferRecord = { entity: 'caseEvent'; data: CaseEvent } | { entity: 'registration'; data: Registration }

export function transferRecords(plan: TransferPlan, by: string, now: Date): TransferRecord[] {
  const at = now.toISOString()
  const { toSite } = plan
  const event = (on: Registration, what: Pick<CaseEvent, 'kind' | 'fromSite' | 'toSite' | 'recordId'>) => ({
    entity: 'caseEvent' as const,
    data: {
      id: newId(),
      createdAt: at,
      updatedAt: at,
      siteCode: on.siteCode,
      registrationId: on.id,
      at,
      by,
      ...what,
    } as CaseEvent,
  })
  const records: TransferRecord[] = []
  for (const moving of plan.moving) {
    const fromSite = moving.siteCode
    records.push(event(moving, { kind: 'transferred', fromSite, toSite }))
    for (const staying of plan.staying) {
      records.push(
        event(moving, { kind: 'household_member_stayed', recordId: staying.id, fromSite: staying.siteCode, toSite }),
      )
    }
    records.push({ entity: 'registration', data: { ...moving, siteCode: toSite } })
  }
  for (const staying of plan.staying) {
    for (const moving of plan.moving) {
      records.push(
        event(staying, {
          kind: 'household_member_transferred',
          recordId: moving.id,
          fromSite: moving.siteCode,
          toSite,
        }),
      )
    }
  }
  return records
}
