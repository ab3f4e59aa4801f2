/**
 * `npm start` as a newcomer runs it: npm, then tsx, then the server. Ctrl-C (SIGINT to
 * the whole process group, as a terminal sends it) and SIGTERM to npm alone (as a
 * process manager sends it) must both reach the server, which stops and takes every
 * process of the group with it; a start that cannot use DATABASE_URL or
 * RELAIS_DATA_DIR says which in one line and exits non-zero.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '@/server/db/open'
import { ConfigError } from '@/server/env'
import { HAS_POSTGRES, POSTGRES_ADMIN_URL } from './helpers/databases'

const dir = mkdtempSync(join(tmpdir(), 'relais-npm-start-'))
const started: ChildProcess[] = []

function npmStart(env: Record<string, string>) {
  const child = spawn('npm', ['start', '--silent'], {
    // its own process group, so that the test can signal it the way a terminal does
    detached: true,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      RELAIS_LOG_LEVEL: 'warn',
      // a custom static dir: npm start never builds the shared dist/ from a test
      RELAIS_STATIC_DIR: join(dir, 'no-build'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.push(child)
  const out = { stdout: '', stderr: '' }
  child.stdout?.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const banner = async (): Promise<string> => {
    for (let waited = 0; waited < 30_000; waited += 100) {
      const url = /Relais is running at (http\S+)/.exec(out.stdout)?.[1]
      if (url) return url
      if (child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`no banner:\n${out.stdout}\n${out.stderr}`)
  }
  return { child, out, exit, banner }
}

/** True once no process of the group is left (npm, tsx and the server all gone). */
async function groupGone(pgid: number, withinMs: number): Promise<boolean> {
  for (let waited = 0; waited <= withinMs; waited += 100) {
    try {
      process.kill(-pgid, 0)
    } catch {
      return true
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

async function refuses(url: string): Promise<boolean> {
  try {
    await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) })
    return false
  } catch {
    return true
  }
}

afterEach(() => {
  // a failed test must not leave a server behind
  for (const child of started.splice(0)) {
    if (child.pid === undefined) continue
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm start', () => {
  it.each([
    ['Ctrl-C (SIGINT to the process group)', 'SIGINT', 'group'],
    ['SIGTERM to npm alone', 'SIGTERM', 'npm'],
    ['SIGINT to npm alone', 'SIGINT', 'npm'],
  ] as const)(
    'stops the server on %s',
    async (_, signal, target) => {
      const server = npmStart({ RELAIS_DATA_DIR: join(dir, `data-${signal}-${target}`) })
      const url = await server.banner()
      expect(await (await fetch(`${url}healthz`)).json()).toEqual({ ok: true })
      const pid = server.child.pid ?? 0
      process.kill(target === 'group' ? -pid : pid, signal)
      await server.exit
      expect(await groupGone(pid, 10_000)).toBe(true)
      expect(await refuses(url)).toBe(true)
      // the server stopped by itself: nothing was killed half-way or complained
      expect(server.out.stderr).toBe('')
    },
    60_000,
  )

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'postgres://relais:secret@127.0.0.1:1/relais' }],
    ['RELAIS_DATA_DIR', { RELAIS_DATA_DIR: join(dir, 'a-file') }],
  ] as const)(
    'names %s in one line and exits non-zero when it cannot be used',
    async (setting, env) => {
      writeFileSync(join(dir, 'a-file'), 'a file where a folder should be')
      const server = npmStart({ RELAIS_DATA_DIR: join(dir, 'data-unused'), ...env })
      const { code } = await server.exit
      expect(code).not.toBe(0)
      expect(code).not.toBeNull()
      const lines = server.out.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^Relais cannot start: ${setting}: `))
      // the password in a URL is never printed
      expect(server.out.stderr).not.toMatch(/secret/)
      expect(server.out.stdout).not.toMatch(/Relais is running/)
    },
    60_000,
  )
})

describe('opening the database', () => {
  const failure = async (options: { dataDir: string; databaseUrl?: string }) => {
    const error: unknown = await openDatabase({ databaseUrl: undefined, ...options }).then(
      async (db) => {
        await db.destroy()
        return undefined
      },
      (reason: unknown) => reason,
    )
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }

  it('names DATABASE_URL when PostgreSQL does not answer there, without its password', async () => {
    const error = await failure({ dataDir: dir, databaseUrl: 'postgres://relais:secret@127.0.0.1:1/relais' })
    expect(error.variable).toBe('DATABASE_URL')
    expect(error.message).toMatch(/ECONNREFUSED/)
    expect(error.message).toContain('postgres://relais:***@127.0.0.1:1/relais')
    expect(error.message).not.toMatch(/secret|\n/)
  })

  it.runIf(HAS_POSTGRES)('names DATABASE_URL when its database does not exist', async () => {
    const url = new URL(POSTGRES_ADMIN_URL)
    url.pathname = '/relais_no_such_database'
    const error = await failure({ dataDir: dir, databaseUrl: url.toString() })
    expect(error.variable).toBe('DATABASE_URL')
    expect(error.message).toMatch(/relais_no_such_database/)
  })

  it('names RELAIS_DATA_DIR when it is a file, or holds a file that is not a database', async () => {
    writeFileSync(join(dir, 'a-file'), 'a file where a folder should be')
    expect((await failure({ dataDir: join(dir, 'a-file') })).variable).toBe('RELAIS_DATA_DIR')
    mkdirSync(join(dir, 'not-a-database'), { recursive: true })
    writeFileSync(join(dir, 'not-a-database', 'relais.sqlite'), 'these bytes are not an SQLite database at all')
    const error = await failure({ dataDir: join(dir, 'not-a-database') })
    expect(error.variable).toBe('RELAIS_DATA_DIR')
    expect(error.message).toMatch(/not a database/)
  })

  it('opens a usable folder', async () => {
    const db = await openDatabase({ dataDir: join(dir, 'fresh', 'data'), databaseUrl: undefined })
    await db.destroy()
  })
})
