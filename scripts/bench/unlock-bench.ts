/**
 * `npm run bench:unlock` (a measurement, not a test): how long a user waits at the unlock
 * screen, i.e. openVault at the production work factor (PBKDF2-SHA256, 600,000
 * iterations, plus two AES-GCM unwraps), median of 5 runs in Node, and createVault
 * (the first sign-in on a device). Node's WebCrypto runs PBKDF2 natively (OpenSSL); a
 * phone's browser is slower, and its own measurement is still to come.
 * BENCH_UNLOCK_RUNS changes the number of runs.
 */
import { availableParallelism, cpus } from 'node:os'
import { DEFAULT_PBKDF2_ITERATIONS } from '../../src/shared/crypto/passphrase-kdf'
import { createVault, openVault } from '../../src/shared/crypto/vault'

const RUNS = Number(process.env.BENCH_UNLOCK_RUNS ?? 5)
const TARGET_MS = 1000
const PASSPHRASE = 'bench-unlock-passphrase-Agadez'

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await run()
  return { ms: performance.now() - start, value }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2
}

const format = (ms: number) => ms.toFixed(0)

const created: number[] = []
const opened: number[] = []
for (let run = 0; run < RUNS; run++) {
  const { ms, value } = await timed(() => createVault(PASSPHRASE))
  created.push(ms)
  if (value.stored.iterations !== DEFAULT_PBKDF2_ITERATIONS) throw new Error('Not the default work factor')
  opened.push((await timed(() => openVault(value.stored, PASSPHRASE))).ms)
}

const unlock = median(opened)
console.log(
  `machine: ${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
)
console.log(`work factor: PBKDF2-SHA256, ${DEFAULT_PBKDF2_ITERATIONS} iterations; median of ${RUNS} runs`)
console.log(`unlock: ${format(unlock)} ms (target < ${TARGET_MS} ms)  [runs: ${opened.map(format).join(', ')}]`)
console.log(`createVault: ${format(median(created))} ms  [runs: ${created.map(format).join(', ')}]`)
if (unlock >= TARGET_MS) process.exitCode = 1
