import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggerOptions } from '@/server/http/logging'
import { namedRegistration } from '../helpers/records'
import { batch, push, pushOk, upsert } from './helpers/sync-client'
import { ADMIN, call, loginAdmin, startTestServer, type TestServer } from './helpers/test-server'

const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';worker-src 'self';" +
  "manifest-src 'self';frame-ancestors 'none';base-uri 'none';form-action 'self';object-src 'none'"

describe('logs', () => {
  it('hold neither a migrant’s name, nor a password, nor a token, at the most verbose level', async () => {
    let lines = ''
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines += chunk.toString()
        done()
      },
    })
    const server = await startTestServer({}, { logger: loggerOptions('trace', stream) })
    try {
      const session = await loginAdmin(server)
      const record = namedRegistration({ givenName: 'Zakiyatou', familyName: 'Abdoulmoumine' })
      await pushOk(server, session, [upsert('registration', record)])
      await push(server, session, batch(session, [upsert('registration', { ...record, nationality: 'Zakiyatou' })]))
      await push(server, session, '{"broken": "Zakiyatou', { headers: { 'content-type': 'application/json' } })
      await call(server, '/api/v1/sync/pull', { token: session.token })
      expect(lines).toContain('request completed') // the stream did receive the logs
      for (const secret of ['Zakiyatou', 'Abdoulmoumine', ADMIN.password, session.token, session.pushToken]) {
        expect(lines).not.toContain(secret)
      }
    } finally {
      await server.close()
    }
  })
})

describe('security headers', () => {
  let server: TestServer
  beforeAll(async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'relais-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Relais</title>')
    writeFileSync(join(staticDir, 'sw.js'), '')
    server = await startTestServer({ staticDir })
  })
  afterAll(() => server.close())

  it.each(['/', '/registrations/123', '/api/v1/sites', '/api/v1/nothing', '/healthz', '/api/v1/keys'])(
    'are on every answer: %s',
    async (path) => {
      const { headers } = await call(server, path)
      expect(headers.get('content-security-policy')).toBe(CSP)
      expect(headers.get('referrer-policy')).toBe('no-referrer')
      expect(headers.get('x-content-type-options')).toBe('nosniff')
      expect(headers.get('x-frame-options')).toBe('DENY')
      expect(headers.get('strict-transport-security')).toBeNull()
      if (path.startsWith('/api') || path === '/healthz') expect(headers.get('cache-control')).toBe('no-store')
    },
  )

  it('add HSTS when the server speaks TLS itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-tls-'))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    )
    const tls = await startTestServer(
      {},
      { https: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) } },
    )
    try {
      const answer = await tls.app.inject({ url: '/healthz' })
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    } finally {
      await tls.close()
    }
  })
})
