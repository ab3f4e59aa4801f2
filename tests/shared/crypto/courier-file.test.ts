/** The courier file's sealed batches: round trip, tamper, and apartness from push batches. */
import { describe, expect, it } from 'vitest'
import { courierAad, openCourierBatch, sealCourierBatch } from '@/shared/crypto/courier-file'
import { UnsealableError } from '@/shared/crypto/errors'
import { openSealedBatch, sealBatch } from '@/shared/crypto/sealed-batch'
import { generateServerKeyPair } from '@/shared/crypto/server-keys'
import { newId } from '@/shared/ids'
import { registrationMutations } from './fixtures'

const server = await generateServerKeyPair()
const deviceId = newId()
const sender = { userId: newId(), pushToken: 'p'.repeat(43) }

const seal = (mutations: unknown[], batchId = newId()) =>
  sealCourierBatch({ publicJwk: server.publicJwk, kid: server.kid, deviceId, batchId, sender, mutations })

async function reason(run: Promise<unknown>): Promise<string> {
  try {
    await run
    return 'opened'
  } catch (error) {
    expect(error).toBeInstanceOf(UnsealableError)
    return (error as UnsealableError).reason
  }
}

describe('courier batches', () => {
  it('open on the server to the proof and the mutations; nothing of either shows outside', async () => {
    const mutations = registrationMutations(3)
    const batch = await seal(mutations)
    const outside = JSON.stringify(batch)
    expect(outside).not.toContain(sender.pushToken)
    expect(outside).not.toContain(sender.userId)
    expect(outside).not.toContain(mutations[0]!.mutationId)
    const opened = await openCourierBatch({ privateJwk: server.privateJwk, deviceId, batch })
    expect(opened).toEqual({ ...sender, mutations })
  })

  it('refuses a changed byte, another device id, another batch id and another key', async () => {
    const batch = await seal(registrationMutations(1))
    const ct = batch.sealed.ct
    const flipped = `${ct.slice(0, 20)}${ct[20] === 'A' ? 'B' : 'A'}${ct.slice(21)}`
    const other = await generateServerKeyPair()
    const open = (patch: { deviceId?: string; batchId?: string; ct?: string; privateJwk?: JsonWebKey }) =>
      openCourierBatch({
        privateJwk: patch.privateJwk ?? server.privateJwk,
        deviceId: patch.deviceId ?? deviceId,
        batch: { batchId: patch.batchId ?? batch.batchId, sealed: { ...batch.sealed, ct: patch.ct ?? ct } },
      })
    expect(await reason(open({}))).toBe('opened')
    expect(await reason(open({ ct: flipped }))).toBe('decrypt')
    expect(await reason(open({ deviceId: newId() }))).toBe('decrypt')
    expect(await reason(open({ batchId: newId() }))).toBe('decrypt')
    expect(await reason(open({ privateJwk: other.privateJwk }))).toBe('decrypt')
  })

  it('never opens as a push batch, nor a push batch as a courier batch', async () => {
    const mutations = registrationMutations(1)
    const courier = await seal(mutations)
    expect(
      await reason(
        openSealedBatch({ privateJwk: server.privateJwk, sealed: courier.sealed, deviceId, batchId: courier.batchId }),
      ),
    ).toBe('decrypt')
    const batchId = newId()
    const pushed = await sealBatch({ publicJwk: server.publicJwk, kid: server.kid, deviceId, batchId, mutations })
    expect(
      await reason(openCourierBatch({ privateJwk: server.privateJwk, deviceId, batch: { batchId, sealed: pushed } })),
    ).toBe('decrypt')
    expect(new TextDecoder().decode(courierAad(deviceId, batchId))).toBe(`relais-courier.${deviceId}.${batchId}`)
  })

  it('refuses to seal past the push limits', async () => {
    await expect(seal(Array(501).fill({}))).rejects.toThrow(RangeError)
    await expect(seal([{ pad: 'x'.repeat(2 * 1024 * 1024) }])).rejects.toThrow(RangeError)
  })
})
