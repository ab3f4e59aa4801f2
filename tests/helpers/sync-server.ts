/**
 * Servers for the sync property tests: the real server in-process over real HTTP on a
 * SQLite file it can be restarted on (close the app and the database, open both again),
 * or as a real `node --import tsx src/server/main.ts` process that can be SIGKILLed and
 * started again on the same data directory. Plus a "world" per property run: a fresh site
 * and fresh users with tokens, written straight into the database (scrypt sign-ins would
 * cost a tenth of a second each; the sign-in path has its own server tests).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '@/server/app'
import { migrateToLatest } from '@/server/db/migrate'
import { openSqlite, sqliteFile, type Db } from '@/server/db/open'
import { seedSites } from '@/server/seed/seed-sites'
import { insertSite } from '@/server/store/sites'
import { issueToken } from '@/server/store/tokens'
import type { Role } from '@/shared/schemas/auth'

/** A server the tests can restart or crash; `url` changes with each start (a new free port). */
export interface ControlledServer {
  readonly url: string
  readonly dir: string
  readonly starts: number
  /** Stops it the way an operator would (in-process: close the app, then the database) and starts it again. */
  restart(): Promise<void>
  /** A crash: SIGKILL the process (in-process: same as restart). */
  kill(): Promise<void>
  /** Starts it again after kill(); a no-op when it runs. */
  ensureRunning(): Promise<void>
  close(): Promise<void>
}

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return `http://127.0.0.1:${port}`
}

/** The real server in this process, on a SQLite file in a temporary directory. */
export async function startInProcessServer(dir = tempDir('relais-property-')): Promise<ControlledServer & { db: Db }> {
  const file = sqliteFile(dir)
  let db: Db
  let app: FastifyInstance | null = null
  let url = ''
  let starts = 0
  const start = async () => {
    db = openSqlite(file)
    await migrateToLatest(db)
    await seedSites(db)
    app = await buildApp({
      db,
      config: { tokenTtlDays: 30, staticDir: join(dir, 'no-build'), trustProxy: false },
    })
    url = await listen(app)
    starts += 1
  }
  const stop = async () => {
    if (!app) return
    const closing = app
    app = null
    await closing.close()
    await db.destroy()
  }
  await start()
  return {
    get url() {
      return url
    },
    get db() {
      return db
    },
    dir,
    get starts() {
      return starts
    },
    async restart() {
      await stop()
      await start()
    },
    async kill() {
      await stop()
      await start()
    },
    async ensureRunning() {
      if (!app) await start()
    },
    async close() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** `node --import tsx src/server/main.ts` on a temporary data directory. */
export async function startServerProcess(dir = tempDir('relais-property-proc-')): Promise<ControlledServer> {
  let child: ChildProcess | null = null
  let url = ''
  let starts = 0
  let log = ''
  const start = async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        RELAIS_DATA_DIR: dir,
        RELAIS_STATIC_DIR: join(dir, 'no-build'),
        RELAIS_LOG_LEVEL: 'error',
        RELAIS_ADMIN_USERNAME: 'admin',
        RELAIS_ADMIN_PASSWORD: 'admin-passphrase-for-tests',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    let out = ''
    proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    proc.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${log}`)), 30_000)
      const onData = () => {
        const found = /Relais is running at (http\S+?)\/?\s/.exec(out)?.[1]
        if (!found) return
        clearTimeout(timer)
        proc.stdout?.off('data', onData)
        resolve(found)
      }
      proc.stdout?.on('data', onData)
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`server exited (${code}) before it started:\n${out}\n${log}`))
      })
    })
    proc.removeAllListeners('exit')
    starts += 1
  }
  const kill = async (signal: NodeJS.Signals) => {
    const proc = child
    if (!proc) return
    child = null
    if (proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill(signal)
    await exited
  }
  await start()
  return {
    get url() {
      return url
    },
    dir,
    get starts() {
      return starts
    },
    async restart() {
      await kill('SIGTERM')
      await start()
    },
    async kill() {
      await kill('SIGKILL')
    },
    async ensureRunning() {
      if (!child) await start()
    },
    async close() {
      await kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface WorldUser {
  id: string
  deviceId: string
  token: string
  role: Role
}

export interface World {
  /** A site of its own: its users see only this run's records. */
  site: string
  users: WorldUser[]
  /** A supervisor of the site on a device of its own: reads the server's view of the run. */
  observer: WorldUser
}

let worlds = 0

/** A new site and `count` registrars at it (each on a device of its own), and an observing supervisor. */
export async function createWorld(db: Db, count: number): Promise<World> {
  worlds += 1
  const site = `P${worlds}-${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 20)
  await insertSite(db, {
    code: site,
    name: `Property run ${worlds}`,
    kind: 'transit_centre',
    adm1: 'Agadez',
    lat: null,
    lon: null,
    active: true,
  })
  const make = async (role: Role): Promise<WorldUser> => {
    const id = randomUUID()
    const deviceId = randomUUID()
    await db
      .insertInto('users')
      .values({
        id,
        username: `${role}-${id.slice(0, 8)}`,
        name: `Property ${role}`,
        role,
        // no sign-in in these tests: a hash no password matches
        password_hash: 'disabled',
        active: 1,
        created_at: new Date().toISOString(),
      })
      .execute()
    await db.insertInto('user_sites').values({ user_id: id, site_code: site }).execute()
    const { token } = await issueToken(db, id, deviceId, 30)
    return { id, deviceId, token, role }
  }
  const users: WorldUser[] = []
  for (let i = 0; i < count; i++) users.push(await make('registrar'))
  return { site, users, observer: await make('supervisor') }
}
