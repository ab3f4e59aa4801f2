/**
 * Owns the sealing of a courier file's batches (docs/sync-protocol-sealed.md, Courier
 * files). Each batch is format v1 of sealed-batch.ts with two differences: the plaintext
 * is `{ userId, pushToken, mutations }` rather than the bare array, so that the proof of
 * the phone and user travels inside the encryption, and the additional data is
 * `relais-courier.<deviceId>.<batchId>`, so that a courier batch never opens as a push
 * batch nor the other way round. An ephemeral-key seal proves nothing about its sender
 * (anyone can seal to a public key): the push-only token inside is the proof, and the
 * AEAD binds it to these mutations, this device id and this batch id.
 */
import { MAX_BATCH_BYTES, MAX_BATCH_MUTATIONS } from '../schemas/sync'
import { utf8 } from './encoding'
import { openJson, sealJson, type SealedBatch } from './sealed-batch'

/** Room for the sender's fields beside the batch's 2 MiB of mutations. */
export const COURIER_SENDER_BYTES = 1024

export interface CourierSender {
  userId: string
  /** The sign-in's push-only credential: valid for push alone, read by the server only. */
  pushToken: string
}

/** One batch of a courier file, as written (the `batches` of schemas/courier.ts). */
export interface SealedCourierBatch {
  batchId: string
  sealed: SealedBatch
}

export interface SealCourierInput {
  publicJwk: JsonWebKey
  kid: string
  deviceId: string
  batchId: string
  sender: CourierSender
  mutations: unknown[]
}

export function courierAad(deviceId: string, batchId: string): Uint8Array<ArrayBuffer> {
  return utf8(`relais-courier.${deviceId}.${batchId}`)
}

/** Seals one batch of a courier file; refuses (RangeError) past the push limits, as sealBatch does. */
export async function sealCourierBatch(input: SealCourierInput): Promise<SealedCourierBatch> {
  const { publicJwk, kid, deviceId, batchId, sender, mutations } = input
  const mutationBytes = utf8(JSON.stringify(mutations)).length
  if (mutations.length > MAX_BATCH_MUTATIONS || mutationBytes > MAX_BATCH_BYTES) {
    throw new RangeError(`A batch holds at most ${MAX_BATCH_MUTATIONS} mutations and ${MAX_BATCH_BYTES} bytes of JSON`)
  }
  const json = utf8(JSON.stringify({ userId: sender.userId, pushToken: sender.pushToken, mutations }))
  const sealed = await sealJson(publicJwk, kid, courierAad(deviceId, batchId), json)
  return { batchId, sealed }
}

export interface OpenCourierInput {
  privateJwk: JsonWebKey
  deviceId: string
  batch: { batchId: string; sealed: unknown }
}

/** Opens one batch of a courier file to its JSON, unchecked (the server parses it); UnsealableError on any failure. */
export function openCourierBatch({ privateJwk, deviceId, batch }: OpenCourierInput): Promise<unknown> {
  return openJson({
    privateJwk,
    sealed: batch.sealed,
    aad: courierAad(deviceId, batch.batchId),
    maxJsonBytes: MAX_BATCH_BYTES + COURIER_SENDER_BYTES,
  })
}
