/** Runs `node --import tsx src/server/main.ts` the way e2e tests and operators do, and reads its banner. */
import { spawn } from 'node:child_process'

export function runMain(env: Record<string, string>, nodeArgs: readonly string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', RELAIS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()))
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const banner = async (): Promise<string> => {
    for (let waited = 0; waited < 15_000; waited += 50) {
      const url = /Relais is running at (http\S+)/.exec(out.stdout)?.[1]
      if (url) return url
      if (child.exitCode !== null) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`no banner:\n${out.stdout}\n${out.stderr}`)
  }
  /** SIGTERM, then the exit code. */
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null) child.kill('SIGTERM')
    return exit
  }
  return { child, out, exit, banner, stop }
}
