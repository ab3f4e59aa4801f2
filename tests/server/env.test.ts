import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from '@/server/env'

describe('settings from the environment', () => {
  it('has defaults for everything', () => {
    const config = parseEnv({}, '/srv/relais')
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/relais/data',
      staticDir: '/srv/relais/dist',
      tokenTtlDays: 30,
      databaseUrl: undefined,
      tls: undefined,
      admin: { username: 'admin', password: undefined },
      keySecret: undefined,
      historyRetentionDays: 365,
      auditRetentionDays: 730,
      workers: 1,
    })
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ RELAIS_TOKEN_TTL_DAYS: '-1' }, 'RELAIS_TOKEN_TTL_DAYS'],
    [{ RELAIS_ADMIN_PASSWORD: 'short' }, 'RELAIS_ADMIN_PASSWORD'],
    [{ RELAIS_ADMIN_USERNAME: 'Not Valid' }, 'RELAIS_ADMIN_USERNAME'],
    [{ RELAIS_TLS_CERT: 'cert.pem' }, 'RELAIS_TLS_KEY'],
    [{ RELAIS_KEY_SECRET: 'too-short' }, 'RELAIS_KEY_SECRET'],
    [{ RELAIS_HISTORY_RETENTION_DAYS: '-1' }, 'RELAIS_HISTORY_RETENTION_DAYS'],
    [{ RELAIS_AUDIT_RETENTION_DAYS: 'forever' }, 'RELAIS_AUDIT_RETENTION_DAYS'],
    [{ RELAIS_WORKERS: '2' }, 'RELAIS_WORKERS'],
    [{ RELAIS_WORKERS: '0', DATABASE_URL: 'postgres://u@localhost/relais' }, 'RELAIS_WORKERS'],
    [{ RELAIS_WORKERS: '65', DATABASE_URL: 'postgres://u@localhost/relais' }, 'RELAIS_WORKERS'],
    [{ RELAIS_WORKERS: 'four', DATABASE_URL: 'postgres://u@localhost/relais' }, 'RELAIS_WORKERS'],
    [{ RELAIS_TLS_CERT: '/nonexistent/cert.pem', RELAIS_TLS_KEY: '/nonexistent/key.pem' }, 'RELAIS_TLS_CERT'],
  ])('names the variable of a bad setting: %o', (env, variable) => {
    let error: unknown
    try {
      parseEnv(env)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe(variable)
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: `))
  })

  it('reads the TLS files and accepts a postgres URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-tls-'))
    writeFileSync(join(dir, 'cert.pem'), 'CERT')
    writeFileSync(join(dir, 'key.pem'), 'KEY')
    const config = parseEnv(
      { RELAIS_TLS_CERT: 'cert.pem', RELAIS_TLS_KEY: 'key.pem', DATABASE_URL: 'postgres://u@localhost/relais' },
      dir,
    )
    expect(config.tls?.cert.toString()).toBe('CERT')
    expect(config.databaseUrl).toBe('postgres://u@localhost/relais')
  })

  it('runs several processes only on PostgreSQL, and says why on SQLite', () => {
    expect(parseEnv({ RELAIS_WORKERS: '4', DATABASE_URL: 'postgres://u@localhost/relais' }).workers).toBe(4)
    expect(parseEnv({ RELAIS_WORKERS: '1' }).workers).toBe(1)
    expect(() => parseEnv({ RELAIS_WORKERS: '2' })).toThrow(/^RELAIS_WORKERS: more than 1 process needs DATABASE_URL/)
  })

  it('reads a minimum app version of dotted numbers, none by default', () => {
    expect(parseEnv({}).minAppVersion).toBeUndefined()
    expect(parseEnv({ RELAIS_MIN_APP_VERSION: ' 1.4.0 ' }).minAppVersion).toBe('1.4.0')
    expect(() => parseEnv({ RELAIS_MIN_APP_VERSION: 'latest' })).toThrow(/^RELAIS_MIN_APP_VERSION: must be a version/)
  })
})
