/**
 * What a record's row stores of its data, worked out from the data alone: the data sealed
 * under the data key (AAD `<entity>:<id>`), the fields a newer server sent that this
 * version does not know sealed apart, and the clear fields that indexes and retention
 * need, nothing personal. No database here: a worker seals a new phone's pull with it
 * (pull-worker.ts), the app each save (records.ts).
 */
import { isEnded } from '@/shared/case-rules'
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { Entity, EntityData } from '@/shared/schemas/entities'
import { isOpenReferral } from '@/shared/schemas/referral'
import { siteDay } from '@/shared/site-time'
import { sealWith } from './protect'
import type { RecordPayload } from './records'
import type { UnknownFields } from './server-version'

const DAY_MS = 86_400_000

export const recordAad = (entity: Entity, id: string) => `${entity}:${id}`
export const unknownAad = (entity: Entity, id: string) => `${entity}:${id}:unknown`

/**
 * The payload of a row holding `data`, sealed with `dataKey` (null: an unprotected
 * database keeps it in clear); a closed case leaves the phone `retentionDays` after its
 * closure. Call before a transaction (WebCrypto inside one commits it).
 */
export async function sealPayload<E extends Entity>(
  dataKey: CryptoKey | null,
  retentionDays: number,
  entity: E,
  data: EntityData[E],
  unknownFields?: UnknownFields,
): Promise<RecordPayload<E>> {
  const payload = (await sealWith(dataKey, recordAad(entity, data.id), data, 'data')) as RecordPayload<E>
  if (unknownFields && Object.keys(unknownFields).length > 0) {
    const sealed = await sealWith(dataKey, unknownAad(entity, data.id), unknownFields, 'unknownFields')
    if ('enc' in sealed) payload.unknownEnc = sealed.enc as Sealed
    else payload.unknownFields = unknownFields
  }
  const fields = data as unknown as Record<string, unknown>
  if (typeof fields.registrationId === 'string') payload.registrationId = fields.registrationId
  if (entity === 'referral') payload.openReferral = isOpenReferral(data as EntityData['referral']) ? 1 : 0
  if (entity === 'flowCount' || entity === 'fmpStatus') Object.assign(payload, flowIndexFields(entity, data))
  // no look-up hashes of names: the case index answers search in memory, and a hash would
  // show which rows hold the same name to anyone with a copy of the database
  const purgeAfter = purgeAfterOf(retentionDays, entity, data)
  if (purgeAfter !== undefined) payload.purgeAfter = purgeAfter
  return payload
}

/** When a record leaves the phone: an ended case (closed, or departed on an assisted return) the retention days after it ended. */
export function purgeAfterOf<E extends Entity>(
  retentionDays: number,
  entity: E,
  data: EntityData[E],
): string | undefined {
  if (entity !== 'registration' || !isEnded((data as EntityData['registration']).caseStatus)) return undefined
  return new Date(Date.parse(data.updatedAt) + retentionDays * DAY_MS).toISOString()
}

/** The clear fields that find a flow tally or FMP status by site and day (Today reads a week without the rest). */
export function flowIndexFields(entity: Entity, data: EntityData[Entity]): Pick<RecordPayload, 'siteCode' | 'siteDay'> {
  if (entity === 'flowCount') {
    const tally = data as EntityData['flowCount']
    return { siteCode: tally.siteCode, siteDay: siteDay(new Date(tally.observedAt)) }
  }
  if (entity === 'fmpStatus') {
    const status = data as EntityData['fmpStatus']
    return { siteCode: status.siteCode, siteDay: siteDay(new Date(status.from)) }
  }
  return {}
}
