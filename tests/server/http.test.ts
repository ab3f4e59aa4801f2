import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, loginAdmin, startTestServer, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const INDEX = '<!doctype html><title>Relais</title>'
const SCRIPT = `console.log(${JSON.stringify('Relais '.repeat(400))})`

describe.each(TEST_DATABASES)('HTTP surface (%s)', (database) => {
  let server: TestServer
  let bare: TestServer
  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'relais-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), INDEX)
    writeFileSync(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    writeFileSync(join(staticDir, 'assets', 'index-abc123.js'), 'console.log(1)')
    // as the build writes them (scripts/build/precompress.ts)
    for (const [name, text] of [
      ['assets/app-def456.js', SCRIPT],
      ['index.html', INDEX],
    ] as const) {
      writeFileSync(join(staticDir, name), text)
      writeFileSync(join(staticDir, `${name}.br`), brotliCompressSync(text))
      writeFileSync(join(staticDir, `${name}.gz`), gzipSync(text))
    }
    server = await startTestServer({ staticDir }, { database })
    bare = await startTestServer({}, { database })
  })
  afterAll(async () => {
    await server.close()
    await bare.close()
  })

  it('answers /healthz with ok', async () => {
    const answer = await call(server, '/healthz')
    expect(answer.body).toEqual({ ok: true })
    expect(answer.headers.get('cache-control')).toBe('no-store')
  })

  it('answers unknown API routes 404 and wrong methods 405, as JSON', async () => {
    const missing = await call(server, '/api/v1/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ error: 'not_found', message: expect.any(String) })
    const wrong = await call(server, '/api/v1/sync/pull', { method: 'DELETE' })
    expect(wrong.status).toBe(405)
    expect(wrong.body.error).toBe('method_not_allowed')
    const param = await call(server, '/api/v1/sites/AGZ-TC', { method: 'GET' })
    expect(param.status).toBe(405)
    expect(param.headers.get('content-type')).toMatch(/application\/json/)
  })

  it('marks API answers no-store, errors included', async () => {
    const admin = await loginAdmin(server)
    for (const answer of [
      await call(server, '/api/v1/sites', { token: admin.token }),
      await call(server, '/api/v1/sites'),
    ]) {
      expect(answer.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('answers a body that is not JSON with a JSON 400, never HTML', async () => {
    const answer = await call(server, '/api/v1/auth/login', { body: '{not json' })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_json' })
  })

  it('serves index.html for app paths, revalidated on each load', async () => {
    for (const path of ['/', '/cases/123', '/tally?site=SEG-FMP']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe(INDEX)
      expect(res.headers.get('cache-control')).toBe('no-cache')
    }
    expect((await fetch(`${server.url}/sw.js`)).headers.get('cache-control')).toBe('no-cache')
  })

  it('caches hashed assets for good and answers a missing asset 404', async () => {
    const asset = await fetch(`${server.url}/assets/index-abc123.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await fetch(`${server.url}/assets/missing-1.js`)).status).toBe(404)
  })

  it('sends the brotli or gzip copy the build wrote, as the client accepts, and the file itself otherwise', async () => {
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      for (const [path, text] of [
        ['/assets/app-def456.js', SCRIPT],
        ['/cases/123', INDEX],
      ] as const) {
        // fetch decodes what it is sent: the header says what came on the wire
        const res = await fetch(`${server.url}${path}`, { headers: { 'accept-encoding': accept } })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-encoding')).toBe(encoding)
        expect(await res.text()).toBe(text)
      }
    }
  })

  it('answers app paths 503 with a hint when the app is not built', async () => {
    const res = await fetch(`${bare.url}/cases/123`)
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('npm run build')
    expect((await call(bare, '/healthz')).status).toBe(200)
  })
})
