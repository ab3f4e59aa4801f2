/**
 * The phone writes a courier file: every waiting change (queued or sealed at lock),
 * sealed to the server's key with the phone's proof inside; nothing leaves the outbox.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { pendingCount } from '@/data/outbox'
import { saveRecord } from '@/data/records'
import { openCourierBatch } from '@/shared/crypto/courier-file'
import { generateServerKeyPair, type ServerKeyPair } from '@/shared/crypto/server-keys'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'
import { courierContentSchema, courierFileSchema } from '@/shared/schemas/courier'
import { courierDue, courierFileName, oldestWaitingAt, writeCourierFile } from '@/sync/courier-file'
import { sealOutbox } from '@/sync/seal-outbox'
import { flowCount } from '../helpers/records'
import { sealedDb } from '../data/fixtures'

const DEVICE = '01890000-0000-7000-8000-0000000000cc'
const sender = { userId: newId(), pushToken: 't'.repeat(43) }
let keys: VaultKeys
let server: ServerKeyPair

beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
  server = await generateServerKeyPair()
})

const serverKey = () => ({ kid: server.kid, jwk: server.publicJwk })

async function opened(text: string) {
  const file = courierFileSchema.parse(JSON.parse(text))
  const batches = []
  for (const batch of file.batches) {
    batches.push(
      courierContentSchema.parse(
        await openCourierBatch({ privateJwk: server.privateJwk, deviceId: file.deviceId, batch }),
      ),
    )
  }
  return { file, batches }
}

describe('writing a courier file', () => {
  it('holds every waiting change, queued or sealed at lock, oldest first, and leaves them all waiting', async () => {
    const db = sealedDb(keys)
    const tallies = [flowCount(), flowCount(), flowCount()]
    await saveRecord(db, 'flowCount', tallies[0]!)
    await saveRecord(db, 'flowCount', tallies[1]!)
    // the app locked once: those two were sealed for a locked upload
    expect(await sealOutbox(db, { serverKey: serverKey(), deviceId: DEVICE })).toBe(1)
    await saveRecord(db, 'flowCount', tallies[2]!)
    const written = await writeCourierFile(db, { serverKey: serverKey(), deviceId: DEVICE, sender })
    expect(written).not.toBeNull()
    expect(written!.count).toBe(3)
    expect(written!.left).toBe(0)
    // in clear: ids and a time only
    for (const tally of tallies) expect(written!.text).not.toContain(tally.id)
    expect(written!.text).not.toContain(sender.pushToken)
    const { file, batches } = await opened(written!.text)
    expect(file.deviceId).toBe(DEVICE)
    expect(batches).toHaveLength(1)
    expect(batches[0]).toMatchObject(sender)
    expect(batches[0]!.mutations.map((m) => m.recordId)).toEqual(tallies.map((t) => t.id))
    expect(batches[0]!.mutations[0]!.data).toMatchObject({ men: 12, siteCode: 'SEG-FMP' })
    expect(await pendingCount(db)).toBe(3)
  })

  it('cuts the changes into batches within the limits, and says what did not fit', async () => {
    const db = sealedDb(keys)
    for (let i = 0; i < 5; i++) await saveRecord(db, 'flowCount', flowCount())
    const limits = { maxMutations: 2, maxBytes: 2 * 1024 * 1024 }
    const all = await writeCourierFile(db, { serverKey: serverKey(), deviceId: DEVICE, sender, limits })
    expect(all!.body.batches).toHaveLength(3)
    expect((await opened(all!.text)).batches.map((b) => b.mutations.length)).toEqual([2, 2, 1])
    const capped = await writeCourierFile(db, {
      serverKey: serverKey(),
      deviceId: DEVICE,
      sender,
      limits,
      maxBatches: 2,
    })
    expect(capped).toMatchObject({ count: 4, left: 1 })
    const small = await writeCourierFile(db, {
      serverKey: serverKey(),
      deviceId: DEVICE,
      sender,
      limits,
      maxFileBytes: 1500,
    })
    expect(small!.body.batches).toHaveLength(1)
    expect(small!.text.length).toBeLessThanOrEqual(1500)
    expect(small).toMatchObject({ count: 2, left: 3 })
  })

  it('counts records, not changes: a tally edited twice is one, and says which did not fit', async () => {
    const db = sealedDb(keys)
    const tally = flowCount()
    await saveRecord(db, 'flowCount', tally)
    await saveRecord(db, 'flowCount', { ...tally, transport: 'bus' })
    await saveRecord(db, 'flowCount', flowCount())
    expect(await pendingCount(db)).toBe(3)
    const limits = { maxMutations: 2, maxBytes: 2 * 1024 * 1024 }
    const all = await writeCourierFile(db, { serverKey: serverKey(), deviceId: DEVICE, sender, limits })
    expect(all).toMatchObject({ count: 2, left: 0 })
    const first = await writeCourierFile(db, {
      serverKey: serverKey(),
      deviceId: DEVICE,
      sender,
      limits,
      maxBatches: 1,
    })
    expect(first).toMatchObject({ count: 1, left: 1 })
  })

  it('writes nothing when nothing waits', async () => {
    const db = sealedDb(keys)
    expect(await writeCourierFile(db, { serverKey: serverKey(), deviceId: DEVICE, sender })).toBeNull()
    expect(await oldestWaitingAt(db)).toBeNull()
  })

  it('reminds when the oldest waiting change is more than three days old', async () => {
    const db = sealedDb(keys)
    const saved = new Date('2026-11-20T08:00:00.000Z')
    await saveRecord(db, 'flowCount', flowCount(), saved)
    await saveRecord(db, 'flowCount', flowCount(), new Date('2026-11-22T08:00:00.000Z'))
    const oldest = await oldestWaitingAt(db)
    expect(oldest).toBe(saved.toISOString())
    expect(courierDue(oldest, new Date('2026-11-23T07:59:00.000Z'))).toBe(false)
    expect(courierDue(oldest, new Date('2026-11-23T08:01:00.000Z'))).toBe(true)
    expect(courierDue(null, new Date())).toBe(false)
  })

  it('names the file after the site and the local day', () => {
    expect(courierFileName('SEG-FMP', new Date(2026, 10, 29, 14, 3))).toBe('relais-seg-fmp-2026-11-29-1403.relais')
    expect(courierFileName(undefined, new Date(2026, 0, 2, 9, 5))).toBe('relais-relais-2026-01-02-0905.relais')
  })
})
