import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runMain } from './helpers/run-main'

describe('the server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relais-process-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('stops with one clear line and exit code 1 on a bad setting', async () => {
    const { out, exit } = runMain({ PORT: 'abc', RELAIS_DATA_DIR: dir })
    expect(await exit).toBe(1)
    const lines = out.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/PORT/)
    expect(lines[0]).toMatch(/abc/)
  })

  it('prints the URL and a generated first password, serves, and exits 0 on SIGTERM', async () => {
    const server = runMain({ PORT: '0', RELAIS_DATA_DIR: dir, RELAIS_STATIC_DIR: join(dir, 'none') })
    const url = await server.banner()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const password = /password "([^"]+)"/.exec(server.out.stdout)?.[1] ?? ''
    expect(password.length).toBeGreaterThanOrEqual(20)
    expect(existsSync(join(dir, 'relais.sqlite'))).toBe(true)
    expect(await (await fetch(`${url}healthz`)).json()).toEqual({ ok: true })
    const login = await fetch(`${url}api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password, deviceId: crypto.randomUUID() }),
    })
    expect(login.status).toBe(200)
    server.child.kill('SIGTERM')
    expect(await server.exit).toBe(0)

    const later = runMain({ PORT: '0', RELAIS_DATA_DIR: dir, RELAIS_STATIC_DIR: join(dir, 'none') })
    await later.banner()
    expect(later.out.stdout).not.toMatch(/password/)
    later.child.kill('SIGTERM')
    expect(await later.exit).toBe(0)
  })

  it('hears SIGTERM and SIGINT before it prints the banner, so that a stop sent at once is graceful', async () => {
    const hook = new URL('./helpers/banner-listeners.mjs', import.meta.url).href
    const server = runMain({ PORT: '0', RELAIS_DATA_DIR: dir, RELAIS_STATIC_DIR: join(dir, 'none') }, [
      '--import',
      hook,
    ])
    await server.banner()
    const heard = /listeners at the banner: SIGTERM (\d+), SIGINT (\d+)/.exec(server.out.stdout)
    expect(heard?.slice(1).map(Number)).toEqual([1, 1])
    expect(await server.stop()).toBe(0)
  })
})
