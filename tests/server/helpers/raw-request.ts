/**
 * A request sent exactly as written: fetch and URL parsers tidy paths (dot segments,
 * percent-encoding, the `?` of an empty query) before they leave, and the hostile
 * requests tests need the bytes an attacker would send.
 */
import http from 'node:http'
import type { Endpoint } from './test-server'

export interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export function rawRequest(
  server: Endpoint,
  path: string,
  { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, path, method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end()
  })
}

/** The body as JSON, or undefined when it is not JSON. */
export function jsonBody(answer: RawAnswer): unknown {
  try {
    return JSON.parse(answer.body)
  } catch {
    return undefined
  }
}
