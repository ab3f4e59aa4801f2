/**
 * RELAIS_WORKERS through the real entry point (`npm start` is `tsx src/server/cli.ts`):
 * the workers load TypeScript like the primary, share one port, the banner is printed
 * once, a worker that dies is replaced, and SIGTERM stops them all with exit code 0.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTempPostgres, HAS_POSTGRES, type TempPostgres } from './helpers/databases'
import { runMain } from './helpers/run-main'
import { login } from './helpers/test-server'
import { waitForOutput } from './helpers/wait-for-output'

const TSX_CLI = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs')

/** The process ids whose parent is `pid`. */
/** The Node.js processes a process started (not helpers such as tsx's esbuild service). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, command]) => command === basename(process.execPath))
      .map(([child]) => Number(child))
      .filter((child) => child > 0)
  } catch {
    return [] // ps exits 1 when there are none
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('RELAIS_WORKERS', () => {
  it('refuses more than one process on SQLite with one clear line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-workers-'))
    const { out, exit } = runMain({ RELAIS_WORKERS: '2', RELAIS_DATA_DIR: dir })
    expect(await exit).toBe(1)
    rmSync(dir, { recursive: true, force: true })
    const lines = out.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Relais cannot start: bad setting RELAIS_WORKERS: .*DATABASE_URL/)
  })
})

describe.skipIf(!HAS_POSTGRES)('RELAIS_WORKERS=2 on PostgreSQL, through npm start', () => {
  let database: TempPostgres
  let dir: string
  beforeAll(async () => {
    database = await createTempPostgres()
    dir = mkdtempSync(join(tmpdir(), 'relais-workers-'))
  })
  afterAll(async () => {
    await database?.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints the banner once, serves from two workers, replaces one that dies, exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [TSX_CLI, 'src/server/cli.ts'], {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        RELAIS_LOG_LEVEL: 'warn',
        RELAIS_WORKERS: '2',
        DATABASE_URL: database.url,
        // a build of its own: npm start leaves it alone and builds nothing
        RELAIS_STATIC_DIR: join(dir, 'none'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      const banner = await waitForOutput(child, 'stdout', /Relais is running at (http\S+)\n[\s\S]*password "([^"]+)"/)
      const url = (banner[1] ?? '').replace(/\/$/, '')
      const password = banner[2] ?? ''
      expect(banner[0]).toMatch(/2 server processes share the port/)

      // tsx runs the primary as its child; the primary forks the workers
      const [primary] = childrenOf(child.pid ?? 0)
      const workers = childrenOf(primary ?? 0)
      expect(workers).toHaveLength(2)
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      await login({ url }, 'admin', password)

      const tookOver = waitForOutput(child, 'stderr', /server process (\d+) took over/)
      process.kill(workers[0] ?? 0, 'SIGKILL')
      const replacement = Number((await tookOver)[1])
      expect(replacement).not.toBe(workers[0])
      expect(childrenOf(primary ?? 0).sort()).toEqual([workers[1], replacement].sort())
      for (let i = 0; i < 4; i++) expect((await fetch(`${url}/healthz`)).status).toBe(200)
      await login({ url }, 'admin', password)

      child.kill('SIGTERM')
      expect(await exit).toBe(0)
      expect(stdout.match(/Relais is running at/g)).toHaveLength(1)
      expect(stdout.match(/First sign-in/g)).toHaveLength(1)
      for (const pid of [primary ?? 0, workers[1] ?? 0, replacement]) expect(isRunning(pid)).toBe(false)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 90_000)
})
