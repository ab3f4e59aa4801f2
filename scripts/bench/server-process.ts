/**
 * The real server as its own process, started the way production starts it
 * (`node --import tsx src/server/main.ts`), on a database the bench made and a free
 * 127.0.0.1 port, with RELAIS_WORKERS when asked. Its output is drained (a full pipe
 * would stall its logging, and with it the server); `profileDir` makes it write a CPU
 * profile per process there when it stops (`node --cpu-prof`).
 */
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BANNER = /Relais is running at (\S+)/
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 30_000

export interface ServerProcess {
  url: URL
  pid: number
  /** Processes serving requests: the workers of a cluster, or the one process. */
  workers(): number
  stop(): Promise<void>
}

export interface ServerOptions {
  /** The database's settings (databases.ts) and anything else to set. */
  env: Record<string, string>
  workers: number
  admin: { username: string; password: string }
  profileDir?: string
}

async function freePort(): Promise<number> {
  const probe = createServer()
  probe.listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const address = probe.address()
  probe.close()
  if (typeof address !== 'object' || address === null) throw new Error('no free port')
  return address.port
}

/** The environment without settings of the bench's own shell that would point the server elsewhere. */
function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('RELAIS_') && name !== 'DATABASE_URL'),
  )
}

export async function startServerProcess({ env, workers, admin, profileDir }: ServerOptions): Promise<ServerProcess> {
  const port = await freePort()
  const args = [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    '--import',
    'tsx',
    'src/server/main.ts',
  ]
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...baseEnv(),
      HOST: '127.0.0.1',
      PORT: String(port),
      RELAIS_STATIC_DIR: '/nonexistent', // the API alone: no app build needed
      RELAIS_ADMIN_USERNAME: admin.username,
      RELAIS_ADMIN_PASSWORD: admin.password,
      RELAIS_WORKERS: String(workers),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const pid = child.pid
  if (pid === undefined) throw new Error('the server process did not start')
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const exited = once(child, 'exit')
  const url = await new Promise<URL>((resolve, reject) => {
    let head = ''
    const timer = setTimeout(
      () => reject(new Error(`no banner after ${START_TIMEOUT_MS} ms: ${stderr}`)),
      START_TIMEOUT_MS,
    )
    const onData = (chunk: Buffer) => {
      head = (head + chunk.toString()).slice(-100_000)
      const match = BANNER.exec(head)
      if (match?.[1] === undefined) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.stdout.resume() // keep draining the logs
      resolve(new URL(match[1]))
    }
    child.stdout.on('data', onData)
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`the server stopped before it listened: ${stderr}`))
    })
  })
  return {
    url,
    pid,
    workers() {
      // node children only: tsx's esbuild service is a child process too
      let children = ''
      try {
        children = execFileSync('ps', ['-o', 'comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      } catch {
        // ps exits 1 when the process has no children
      }
      const workers = children.split('\n').filter((name) => name.trim() === basename(process.execPath)).length
      return Math.max(workers, 1)
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    },
  }
}
