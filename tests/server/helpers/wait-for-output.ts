/** Waits for a server process to write a line matching a pattern: on its output events, not on a timer. */
import type { ChildProcess } from 'node:child_process'

/** Resolves with the first match in what `stream` writes from now on; rejects if the process exits first. */
export function waitForOutput(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
): Promise<RegExpExecArray> {
  const source = child[stream]
  if (!source) return Promise.reject(new Error(`${stream} is not piped`))
  let seen = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString()
      const match = pattern.exec(seen)
      if (match) {
        done()
        resolve(match)
      }
    }
    const onExit = (code: number | null) => {
      done()
      reject(new Error(`exited (${code}) before writing ${pattern}:\n${seen}`))
    }
    const done = () => {
      source.off('data', onData)
      child.off('exit', onExit)
    }
    source.on('data', onData)
    child.once('exit', onExit)
  })
}
