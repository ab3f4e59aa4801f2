/**
 * A stop (SIGTERM: main.ts calls stop()) lets the requests in flight finish, but a
 * request whose body is still arriving a byte at a time, or not at all, no longer holds
 * it for as long as the server waits for a body (HTTP_TIMEOUTS, minutes): after a grace,
 * its connection goes and the server stops. Nothing of that request was applied.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseEnv } from '@/server/env'
import { startServer } from '@/server/start-server'

describe('stopping with a request still arriving', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relais-stop-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('closes it after the grace and stops', async () => {
    const config = parseEnv(
      {
        PORT: '0',
        RELAIS_DATA_DIR: dir,
        RELAIS_ADMIN_USERNAME: 'admin',
        RELAIS_ADMIN_PASSWORD: 'admin-passphrase-for-tests',
        RELAIS_LOG_LEVEL: 'warn',
      },
      dir,
    )
    const server = await startServer({ ...config, logLevel: 'silent' }, { stopGraceMs: 500 })
    const { port } = new URL(server.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.on('error', () => undefined)
    socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: relais\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user',
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = Date.now()
    const stopped = server.stop().then(() => Date.now() - started)
    const outcome = await Promise.race([
      stopped,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 5000)),
    ])
    expect(outcome).not.toBe('still running')
    expect(outcome as number).toBeLessThan(3000)
    await closed
  }, 20_000)
})
