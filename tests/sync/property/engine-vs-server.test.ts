/**
 * The whole sync engine against the real server (in-process, real HTTP on loopback, a
 * SQLite file) through a network that drops requests, loses answers after the server
 * committed, delivers twice, delays and reorders, and a server restarted between
 * operations and while a request is on its way (sync-protocol.md; issue 3, Proof).
 * RELAIS_PROPERTY_RUNS=5000 npm run test:property:long runs more.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { startInProcessServer } from '../../helpers/sync-server'
import { runScenario, type RunStats } from './harness'
import { assertParams, runsFromEnv, scenarioArb, type Fault } from './model'

const RUNS = runsFromEnv('RELAIS_PROPERTY_RUNS', 200)

const faults = fc.constantFrom<Fault>('drop', 'lose', 'dup', 'dupSeq', 'hold', 'restart', 'proxy413', 'gateway502')

describe('sync under faults (in-process server)', () => {
  let server: Awaited<ReturnType<typeof startInProcessServer>>
  beforeAll(async () => {
    server = await startInProcessServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  it(
    'converges: every device holds the server’s records, every change applied once, nothing lost',
    async () => {
      const total: RunStats = { requests: 0, faults: 0, conflicts: 0, rejected: 0, restarts: 0, cut: 0 }
      const started = Date.now()
      let runs = 0
      await fc.assert(
        fc.asyncProperty(scenarioArb({ maxOps: 40, faults }), async (scenario) => {
          // a fresh database now and then keeps long local runs as fast as the first hundred
          if (++runs % 100 === 0) {
            await server.close()
            server = await startInProcessServer()
          }
          const stats = await runScenario(server, () => server.db, scenario, { checkOwnConflicts: true })
          for (const key of Object.keys(total) as (keyof RunStats)[]) total[key] += stats[key]
        }),
        assertParams(RUNS),
      )
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      console.info(
        `sync property: ${RUNS} runs in ${seconds} s; ${total.requests} requests, ${total.faults} faults, ` +
          `${total.restarts} restarts, ${total.conflicts} conflicts, ${total.rejected} rejected`,
      )
    },
    Math.max(600_000, RUNS * 3_000),
  )
})
