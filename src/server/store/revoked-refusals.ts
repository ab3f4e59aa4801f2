/**
 * Refused changes sent from a phone since revoked for its user: the phone erases itself,
 * so nobody can fix or discard them there any more, and they would stay in the
 * supervisors' list forever. A supervisor of the refusal's site or of its author (an admin:
 * any) closes them: the change is lost, as the list says (`deviceRevoked`). Work kept
 * sealed for a supervisor (lost-site-work.ts) is decided there instead, and a refusal
 * from a phone still in use is its author's to fix or discard. Each close is audited.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import type { DecidedWork } from '../../shared/schemas/rejections'
import type { Db } from '../db/open'
import { audit, type Actor } from './audit'
import { refusalSeenBy } from './rejections'

/** Closes each open refusal of `ids` that came from a revoked phone and that the caller covers. */
export async function closeRevokedRefusals(
  db: Db,
  actor: Actor & { user: SessionUser },
  ids: readonly string[],
): Promise<DecidedWork[]> {
  const decided: DecidedWork[] = []
  for (const id of new Set(ids)) {
    decided.push(
      await db.transaction().execute(async (trx): Promise<DecidedWork> => {
        const refusal = await trx
          .selectFrom('rejections')
          .innerJoin('device_revocations', (join) =>
            join
              .onRef('device_revocations.device_id', '=', 'rejections.device_id')
              .onRef('device_revocations.user_id', '=', 'rejections.user_id'),
          )
          .leftJoin('lost_site_work', 'lost_site_work.rejection_id', 'rejections.id')
          .select([
            'rejections.record_id',
            'rejections.entity',
            'rejections.user_id',
            'lost_site_work.rejection_id as kept',
          ])
          .where('rejections.id', '=', id)
          .where('rejections.closed_at', 'is', null)
          // what the supervisor's list shows them, and nothing else
          .$if(actor.user.role !== 'admin', (query) => query.where(refusalSeenBy(actor.user.sites)))
          .executeTakeFirst()
        if (!refusal || refusal.kept !== null) {
          return { id, status: 'not_found' }
        }
        await trx
          .updateTable('rejections')
          .set({ closed_at: new Date().toISOString(), closed_how: 'discarded' })
          .where('id', '=', id)
          .execute()
        await audit(trx, {
          action: 'rejection_discarded',
          actorUserId: actor.user.id,
          deviceId: actor.deviceId,
          target: refusal.record_id,
          details: { rejection: id, entity: refusal.entity, author: refusal.user_id, deviceRevoked: true },
        })
        return { id, status: 'discarded' }
      }),
    )
  }
  return decided
}
