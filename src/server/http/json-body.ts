/**
 * The JSON body parser of every endpoint but push and courier (which have their own):
 * Fastify's, with its refusal of `__proto__` and `constructor` keys, on a body that must
 * be UTF-8 (RFC 8259, 8.1). Fastify decoded leniently: a Latin-1 name became U+FFFD in
 * place of its letters and was stored so, answered 200 or 201. A compressed body is the
 * push's alone: elsewhere it answers 415 `unsupported_encoding`, as the push does for an
 * encoding it does not read.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { ApiError } from './api-error'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** A body's text when it is UTF-8, else undefined (never decoded leniently). The push parser reads its body so too. */
export function utf8Text(body: Buffer): string | undefined {
  try {
    return utf8.decode(body)
  } catch {
    return undefined
  }
}

/** A request's `Content-Encoding`, as compared (`identity` when none is said). The push parser reads it so too. */
export function contentEncoding(headers: IncomingHttpHeaders): string {
  return String(headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase()
}

export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // only a push is read compressed (push-body.ts): gzip here would be refused as "not JSON"
    if (contentEncoding(request.headers) !== 'identity') {
      done(new ApiError(415, 'unsupported_encoding', 'A compressed body is accepted by the push only'), undefined)
      return
    }
    const text = utf8Text(body as Buffer)
    if (text === undefined) {
      done(
        new ApiError(400, 'invalid_json', 'The body is not UTF-8', {
          issues: [{ path: [], code: 'not_utf8', message: 'Send JSON encoded in UTF-8' }],
        }),
        undefined,
      )
      return
    }
    parseJson(request, text, done)
  })
}
