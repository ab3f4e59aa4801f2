/**
 * An HTTP client that counts what crosses the wire: the bytes its keep-alive sockets
 * wrote and read (request and response, headers included), and the round trips.
 */
import http from 'node:http'
import type { Socket } from 'node:net'

export interface WireAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  /** As it came over the wire (still compressed, if it was). */
  body: Buffer
}

export class WireClient {
  private readonly agent: http.Agent
  private readonly sockets = new Set<Socket>()
  roundTrips = 0

  constructor(
    private readonly base: URL,
    maxSockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets })
  }

  request(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<WireAnswer> {
    this.roundTrips++
    return new Promise((resolve, reject) => {
      const req = http.request(
        new URL(path, this.base),
        { method, agent: this.agent, headers: body ? { ...headers, 'content-length': String(body.length) } : headers },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          )
          res.on('error', reject)
        },
      )
      req.on('socket', (socket) => this.sockets.add(socket))
      req.on('error', reject)
      req.end(body)
    })
  }

  /** Bytes written and read by every socket so far. */
  wireBytes(): number {
    let total = 0
    for (const socket of this.sockets) total += socket.bytesWritten + socket.bytesRead
    return total
  }

  close(): void {
    this.agent.destroy()
  }
}
