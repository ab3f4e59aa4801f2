/**
 * Slow-loris requests: a client that sends its headers and then its body a byte at a
 * time, or never, must not hold a connection for good (app.ts, HTTP_TIMEOUTS). Sign-in
 * takes a body from anyone, so no token is needed to try. The timeouts are shortened
 * here; the server's own are minutes.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './helpers/test-server'

interface Exchange {
  /** Everything the server wrote back. */
  text: string
  /** Whether the server closed the connection before the wait was over. */
  closed: boolean
}

/** Sends `head`, then each of `trickle` every `everyMs`, and listens for `waitMs` at most. */
function exchange(server: TestServer, head: string, trickle: string[], everyMs: number, waitMs: number) {
  const { hostname, port } = new URL(server.url)
  return new Promise<Exchange>((resolve) => {
    let text = ''
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(head)
      let next = 0
      const timer = setInterval(() => {
        if (next >= trickle.length || socket.destroyed) return clearInterval(timer)
        socket.write(trickle[next++] as string)
      }, everyMs)
      socket.on('close', () => clearInterval(timer))
    })
    const done = (closed: boolean) => {
      clearTimeout(giveUp)
      socket.destroy()
      resolve({ text, closed })
    }
    const giveUp = setTimeout(() => done(false), waitMs)
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    socket.on('error', () => undefined)
    socket.on('close', () => done(true))
  })
}

const loginHead = (length: number) =>
  `POST /api/v1/auth/login HTTP/1.1\r\nHost: relais\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`

function jsonOf(text: string): unknown {
  return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))
}

const IDLE_MS = 2000
const REQUEST_MS = 5000

describe('slow requests', () => {
  let server: TestServer
  beforeAll(async () => {
    // long enough that a loaded CI machine (a late timer, a slow password hash) cuts nothing that is steady
    server = await startTestServer({}, { timeouts: { idleMs: IDLE_MS, requestMs: REQUEST_MS, checkEveryMs: 100 } })
  })
  afterAll(() => server.close())

  it('closes a connection whose body stopped arriving', async () => {
    const started = Date.now()
    const answer = await exchange(server, `${loginHead(1000)}{"username":`, [], 1000, REQUEST_MS + 3000)
    expect(answer.closed).toBe(true)
    // by the idle time, before the request's
    expect(Date.now() - started).toBeLessThan(REQUEST_MS)
  })

  it('answers 408 in JSON, no-store, to a body sent a byte at a time past the request time', async () => {
    const started = Date.now()
    const answer = await exchange(
      server,
      loginHead(1000),
      Array.from({ length: 200 }, () => ' '),
      100,
      REQUEST_MS + 5000,
    )
    expect(answer.closed).toBe(true)
    // by the request's time, before the last byte would have come (20 s)
    expect(Date.now() - started).toBeLessThan(REQUEST_MS + 4000)
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /)
    expect(answer.text).toMatch(/\r\ncache-control: no-store\r\n/i)
    expect(answer.text).toMatch(/\r\ncontent-type: application\/json/i)
    expect(jsonOf(answer.text)).toEqual({ error: 'request_timeout', message: expect.any(String) })
  })

  it('still takes a body that arrives slowly but steadily', async () => {
    const body = JSON.stringify({ username: 'nobody', password: 'not-the-password', deviceId: crypto.randomUUID() })
    // in pieces every 250 ms, well under the idle time, about a second in all
    const pieces = body.match(/.{1,25}/g) ?? []
    const answer = await exchange(server, loginHead(Buffer.byteLength(body)), pieces, 250, REQUEST_MS + 3000)
    expect(answer.text).toMatch(/^HTTP\/1\.1 401 /)
    expect(jsonOf(answer.text)).toMatchObject({ error: 'invalid_credentials' })
  })

  it('answers bytes that are not HTTP with a JSON 400, no-store', async () => {
    const answer = await exchange(
      server,
      'GET /api/v1/sync/pull HTTP/1.1\r\nHost: relais\r\nNot a header\r\n\r\n',
      [],
      0,
      3000,
    )
    expect(answer.text).toMatch(/^HTTP\/1\.1 400 /)
    expect(answer.text).toMatch(/\r\ncache-control: no-store\r\n/i)
    expect(jsonOf(answer.text)).toEqual({ error: 'bad_request', message: expect.any(String) })
  })
})
