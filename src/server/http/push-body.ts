/**
 * The push body parser: accepts `Content-Encoding: gzip`, and enforces the 2 MiB limit
 * on the uncompressed JSON while inflating, so a small zip bomb cannot blow up memory.
 * Anything that is not JSON is a broken envelope (400 invalid_batch, rule 4), and so is a
 * body that is not UTF-8 (RFC 8259, 8.1): decoded leniently, a Latin-1 name would be stored
 * with U+FFFD in place of its letters and answered `applied`, the device none the wiser.
 */
import { promisify } from 'node:util'
import { gunzip, inflate } from 'node:zlib'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { MAX_BATCH_BYTES, MAX_BATCH_MUTATIONS } from '../../shared/schemas/sync'
import { ApiError } from './api-error'
import { contentEncoding, utf8Text } from './json-body'

const gunzipAsync = promisify(gunzip)
const inflateAsync = promisify(inflate)

export const batchTooLarge = () =>
  new ApiError(413, 'batch_too_large', 'The batch is over the limit: split it', {
    maxMutations: MAX_BATCH_MUTATIONS,
    maxBytes: MAX_BATCH_BYTES,
  })

const invalidJson = (message: string, code = 'invalid_json') =>
  new ApiError(400, 'invalid_batch', 'The body is not JSON', { issues: [{ path: [], code, message }] })

async function decode(request: FastifyRequest, raw: Buffer): Promise<Buffer> {
  const encoding = contentEncoding(request.headers)
  // one byte over the limit is enough to know it is too large
  const options = { maxOutputLength: MAX_BATCH_BYTES + 1 }
  try {
    if (encoding === 'gzip') return await gunzipAsync(raw, options)
    if (encoding === 'deflate') return await inflateAsync(raw, options)
  } catch (error) {
    if (error instanceof RangeError) throw batchTooLarge()
    throw invalidJson('The body could not be decompressed')
  }
  if (encoding !== 'identity')
    throw new ApiError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported`)
  return raw
}

/** Replaces the JSON parser in the push route's scope (and takes any content type). */
export function registerPushBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BATCH_BYTES }, (request, raw, done) => {
    decode(request, raw as Buffer)
      .then((json) => {
        if (json.length > MAX_BATCH_BYTES) throw batchTooLarge()
        const text = utf8Text(json)
        if (text === undefined) throw invalidJson('The body is not UTF-8: send JSON encoded in UTF-8', 'not_utf8')
        try {
          done(null, JSON.parse(text) as unknown)
        } catch (error) {
          throw invalidJson(error instanceof Error ? error.message : 'Not JSON')
        }
      })
      .catch((error: Error) => done(error, undefined))
  })
}
