/**
 * The same property with a real server process (`node --import tsx src/server/main.ts`)
 * that is SIGKILLed while a push is on its way (0–8 ms after it was sent: before it
 * arrives, mid-transaction, or after the commit before the answer) and between
 * operations, then started again on the same data directory. Fewer runs: each start
 * costs about a second. RELAIS_PROPERTY_KILL_RUNS sets the runs.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { openSqlite, sqliteFile, type Db } from '@/server/db/open'
import { startServerProcess, type ControlledServer } from '../../helpers/sync-server'
import { runScenario, type RunStats } from './harness'
import { assertParams, runsFromEnv, scenarioArb, type Fault } from './model'

const RUNS = runsFromEnv('RELAIS_PROPERTY_KILL_RUNS', 30)

const faults = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<Fault>('kill:0', 'kill:1', 'kill:2', 'kill:3', 'kill:5', 'kill:8') },
  { weight: 1, arbitrary: fc.constantFrom<Fault>('drop', 'lose', 'hold') },
)

describe('sync under faults (server process killed)', () => {
  let server: ControlledServer
  let db: Db
  beforeAll(async () => {
    server = await startServerProcess()
    // the test's own connection to the server's SQLite file: users, tokens, and the checks
    db = openSqlite(sqliteFile(server.dir))
  })
  afterAll(async () => {
    await db?.destroy()
    await server?.close()
  })

  it(
    'converges after kill -9 mid-push: every change applied once, nothing lost',
    async () => {
      const total: RunStats = { requests: 0, faults: 0, conflicts: 0, rejected: 0, restarts: 0, cut: 0 }
      const started = Date.now()
      await fc.assert(
        fc.asyncProperty(scenarioArb({ maxOps: 18, faults, kills: true }), async (scenario) => {
          const stats = await runScenario(server, () => db, scenario, { checkOwnConflicts: true })
          for (const key of Object.keys(total) as (keyof RunStats)[]) total[key] += stats[key]
        }),
        assertParams(RUNS),
      )
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      console.info(
        `sync property (process kills): ${RUNS} runs in ${seconds} s; ${total.requests} requests, ` +
          `${total.faults} faults, ${total.restarts} restarts or kills (${total.cut} cut a request off), ` +
          `${total.conflicts} conflicts, ${total.rejected} rejected`,
      )
    },
    Math.max(600_000, RUNS * 20_000),
  )
})
