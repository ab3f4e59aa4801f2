/**
 * Owns gzip for sealed batches, on the web-standard CompressionStream and
 * DecompressionStream (Chromium, its service workers, Node 20), with a cap on the
 * decompressed size: a few kilobytes of gzip can expand to gigabytes, so the reader
 * stops and refuses as soon as the output passes the cap instead of buffering it all.
 */
import { concatBytes, type Bytes } from './encoding'

/** Thrown by gunzipCapped when the output would pass its cap. */
export class DecompressedTooLargeError extends RangeError {
  override readonly name = 'DecompressedTooLargeError'
}

/** Gzip (RFC 1952) of the bytes, at the platform's default level. */
export async function gzip(bytes: Bytes): Promise<Bytes> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/**
 * Gunzips, refusing with DecompressedTooLargeError once the output passes `maxBytes`
 * (having read at most one chunk beyond it). Corrupt input rejects with the platform's TypeError.
 */
export async function gunzipCapped(bytes: Bytes, maxBytes: number): Promise<Bytes> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > maxBytes) {
      await reader.cancel()
      throw new DecompressedTooLargeError(`Decompressed size passes ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  return concatBytes(...chunks)
}
