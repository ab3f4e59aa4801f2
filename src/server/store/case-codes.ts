/**
 * Case codes (issue 8): each (device, user) sign-in gets a short code, unique on the
 * server, that its phone puts in the middle of the case numbers it makes offline
 * (AGZ-7K-0042). The same pair keeps its code across sign-ins. Codes are drawn at
 * random from an alphabet without look-alikes (no 0/O, 1/I); the table's unique
 * constraints decide between concurrent sign-ins, here or in another server process:
 * an insert that loses does nothing, and the code is read back or drawn again.
 * Two characters while they last (1,024 codes), then three, then four.
 */
import { randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export const CASE_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/** Draws per length before a longer code is tried. */
const DRAWS_PER_LENGTH = 12

function draw(length: number): string {
  let code = ''
  for (let i = 0; i < length; i++) code += CASE_CODE_ALPHABET[randomInt(CASE_CODE_ALPHABET.length)]
  return code
}

async function codeOf(db: Kysely<Database>, deviceId: string, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('case_codes')
    .select('code')
    .where('device_id', '=', deviceId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row?.code
}

/** The pair's case code, given now when it has none. */
export async function caseCodeFor(db: Kysely<Database>, deviceId: string, userId: string): Promise<string> {
  for (const length of [2, 3, 4]) {
    for (let attempt = 0; attempt < DRAWS_PER_LENGTH; attempt++) {
      const known = await codeOf(db, deviceId, userId)
      if (known !== undefined) return known
      // a code someone holds, or this pair given a code meanwhile: nothing is written
      await db
        .insertInto('case_codes')
        .values({ device_id: deviceId, user_id: userId, code: draw(length), created_at: new Date().toISOString() })
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
  }
  const known = await codeOf(db, deviceId, userId)
  if (known !== undefined) return known
  throw new Error('No case code is left to give')
}
