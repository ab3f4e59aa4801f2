/**
 * The server's settings, read once from the environment (sync-protocol.md, Running
 * the server). A bad setting is a `ConfigError` naming the variable and why, so that
 * main.ts can print one clear line and stop.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { newUserSchema } from '../shared/schemas/auth'

export interface Config {
  port: number
  host: string
  dataDir: string
  /** A postgres:// URL: use PostgreSQL instead of the embedded SQLite file. */
  databaseUrl: string | undefined
  admin: { username: string; password: string | undefined }
  tls: { cert: Buffer; key: Buffer } | undefined
  tokenTtlDays: number
  staticDir: string
  trustProxy: boolean
  logLevel: string
  /** The oldest app version served (http/app-version.ts); unset: no minimum. */
  minAppVersion: string | undefined
  /** Wraps the server's private keys at rest (store/server-keys.ts); unset: they are stored in the clear. */
  keySecret: string | undefined
  /** Days of record history the server keeps; 0 keeps it forever (store/retention.ts). */
  historyRetentionDays: number
  /** Days of audit log the server keeps; 0 keeps it forever. */
  auditRetentionDays: number
  /** Server processes on this host (cluster.ts); more than 1 needs PostgreSQL. */
  workers: number
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`)
  }
}

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))

const days = z
  .string()
  .regex(/^\d{1,6}$/, 'must be a whole number of days (0 keeps everything)')
  .optional()

/** Worker processes on one host: more than cores only adds memory (each holds a connection pool). */
const MAX_WORKERS = 64

const settings = {
  PORT: optional.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')
      .optional(),
  ),
  HOST: optional,
  RELAIS_DATA_DIR: optional,
  DATABASE_URL: optional.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
      .optional(),
  ),
  RELAIS_ADMIN_USERNAME: optional.pipe(newUserSchema.shape.username.optional()),
  // not trimmed: spaces may be part of a password
  RELAIS_ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(newUserSchema.shape.password.optional()),
  RELAIS_TLS_CERT: optional,
  RELAIS_TLS_KEY: optional,
  RELAIS_TOKEN_TTL_DAYS: optional.pipe(
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'must be a positive number of days')
      .optional(),
  ),
  RELAIS_STATIC_DIR: optional,
  RELAIS_TRUST_PROXY: optional.pipe(z.enum(['true', 'false', '1', '0'], 'must be true or false').optional()),
  RELAIS_LOG_LEVEL: optional.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  RELAIS_MIN_APP_VERSION: optional.pipe(
    z
      .string()
      .regex(/^\d{1,9}(\.\d{1,9}){0,5}$/, 'must be a version of dotted numbers, e.g. 1.4.0')
      .optional(),
  ),
  // not trimmed, like a password; long enough to be a key rather than a word
  RELAIS_KEY_SECRET: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional()),
  RELAIS_HISTORY_RETENTION_DAYS: optional.pipe(days),
  RELAIS_AUDIT_RETENTION_DAYS: optional.pipe(days),
  RELAIS_WORKERS: optional.pipe(
    z
      .string()
      .regex(/^\d{1,3}$/, `must be a whole number of processes from 1 to ${MAX_WORKERS}`)
      .optional(),
  ),
}

/** Parses the settings; throws a ConfigError for the first bad one. */
export function parseEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const values: Record<string, string | undefined> = {}
  for (const [name, schema] of Object.entries(settings)) {
    const parsed = schema.safeParse(env[name])
    if (!parsed.success) {
      const value = env[name] === undefined ? '' : ` (got ${JSON.stringify(env[name])})`
      throw new ConfigError(name, `${parsed.error.issues[0]?.message ?? 'invalid'}${value}`)
    }
    values[name] = parsed.data
  }
  const port = Number(values.PORT ?? 8080)
  if (port > 65535) throw new ConfigError('PORT', `must be a port number from 0 to 65535 (got ${port})`)
  const ttl = Number(values.RELAIS_TOKEN_TTL_DAYS ?? 30)
  if (!(ttl > 0)) throw new ConfigError('RELAIS_TOKEN_TTL_DAYS', 'must be more than 0 days')
  const workers = Number(values.RELAIS_WORKERS ?? 1)
  if (workers < 1 || workers > MAX_WORKERS) {
    throw new ConfigError(
      'RELAIS_WORKERS',
      `must be a whole number of processes from 1 to ${MAX_WORKERS} (got ${workers})`,
    )
  }
  // one SQLite file takes one writing process: several share a PostgreSQL database
  if (workers > 1 && values.DATABASE_URL === undefined) {
    throw new ConfigError('RELAIS_WORKERS', `more than 1 process needs DATABASE_URL (PostgreSQL) (got ${workers})`)
  }
  return {
    port,
    host: values.HOST ?? '127.0.0.1',
    dataDir: resolve(cwd, values.RELAIS_DATA_DIR ?? 'data'),
    databaseUrl: values.DATABASE_URL,
    admin: { username: values.RELAIS_ADMIN_USERNAME ?? 'admin', password: values.RELAIS_ADMIN_PASSWORD },
    tls: readTls(values.RELAIS_TLS_CERT, values.RELAIS_TLS_KEY, cwd),
    tokenTtlDays: ttl,
    staticDir: resolve(cwd, values.RELAIS_STATIC_DIR ?? 'dist'),
    trustProxy: values.RELAIS_TRUST_PROXY === 'true' || values.RELAIS_TRUST_PROXY === '1',
    logLevel: values.RELAIS_LOG_LEVEL ?? 'info',
    minAppVersion: values.RELAIS_MIN_APP_VERSION,
    keySecret: values.RELAIS_KEY_SECRET,
    historyRetentionDays: Number(values.RELAIS_HISTORY_RETENTION_DAYS ?? 365),
    auditRetentionDays: Number(values.RELAIS_AUDIT_RETENTION_DAYS ?? 730),
    workers,
  }
}

function readTls(certPath: string | undefined, keyPath: string | undefined, cwd: string): Config['tls'] {
  if (certPath === undefined && keyPath === undefined) return undefined
  if (certPath === undefined) throw new ConfigError('RELAIS_TLS_CERT', 'must be set together with RELAIS_TLS_KEY')
  if (keyPath === undefined) throw new ConfigError('RELAIS_TLS_KEY', 'must be set together with RELAIS_TLS_CERT')
  return {
    cert: readSetting('RELAIS_TLS_CERT', resolve(cwd, certPath)),
    key: readSetting('RELAIS_TLS_KEY', resolve(cwd, keyPath)),
  }
}

function readSetting(variable: string, path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'
    throw new ConfigError(variable, `cannot read ${path} (${code})`)
  }
}
