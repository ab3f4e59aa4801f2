/**
 * What the machine and the database were doing while a bench ran: the load average,
 * sampled each second, and on PostgreSQL what the bench database's connections were
 * waiting for (pg_stat_activity), sampled every 100 ms. The latter shows where a push's
 * time goes on the database side: running a statement, waiting for the change-sequence
 * advisory lock (store/change-transaction.ts), or idle in a transaction while the
 * Node process works.
 */
import { loadavg } from 'node:os'
import { sql } from 'kysely'
import type { Db } from '../../src/server/db/open'

export interface Sampler<T> {
  stop(): Promise<T>
}

function every<S>(ms: number, sample: () => Promise<S | undefined>): Sampler<S[]> {
  const samples: S[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const value = await sample().catch(() => undefined)
      if (value !== undefined) samples.push(value)
      await new Promise((resolve) => setTimeout(resolve, ms))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return samples
    },
  }
}

export interface LoadSummary {
  mean: number
  max: number
}

/** The 1-minute load average: its mean and maximum over the run. */
export function sampleLoad(): Sampler<LoadSummary> {
  const inner = every(1000, async () => loadavg()[0])
  return {
    async stop() {
      const values = await inner.stop()
      const mean = values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1)
      return { mean, max: Math.max(0, ...values) }
    },
  }
}

/** Mean number of the database's server connections in each state at a sample. */
export type ActivitySummary = Record<string, number>

export interface PostgresActivity {
  /** All client connections to the bench database, by what they were doing. */
  connections: ActivitySummary
  /** The connection holding the change lock, by what it was doing: shares of the samples that had a holder. */
  lockHolder: ActivitySummary
}

interface ActivityRow {
  what: string
  holder: boolean
}

export function samplePostgresActivity(db: Db): Sampler<PostgresActivity> {
  const inner = every(100, async () => {
    const { rows } = await sql<ActivityRow>`
      select case
          when a.wait_event = 'advisory' then 'waiting for the change lock'
          when a.state = 'active' and a.wait_event_type is null then 'running a statement'
          when a.state = 'active' then 'active, waiting on ' || a.wait_event_type || '/' || a.wait_event
          when a.state = 'idle in transaction' then 'idle in a transaction (waiting for Node)'
          else coalesce(a.state, 'unknown')
        end as what,
        exists (
          select 1 from pg_locks l where l.pid = a.pid and l.locktype = 'advisory' and l.granted
        ) as holder
      from pg_stat_activity a
      where a.datname = current_database() and a.pid <> pg_backend_pid() and a.backend_type = 'client backend'`.execute(
      db,
    )
    return rows
  })
  return {
    async stop() {
      const samples = await inner.stop()
      const connections: ActivitySummary = {}
      const lockHolder: ActivitySummary = {}
      let held = 0
      for (const rows of samples) {
        for (const row of rows) connections[row.what] = (connections[row.what] ?? 0) + 1 / samples.length
        const holder = rows.find((row) => row.holder)
        if (!holder) continue
        held++
        lockHolder[holder.what] = (lockHolder[holder.what] ?? 0) + 1
      }
      for (const what of Object.keys(lockHolder)) lockHolder[what] = (lockHolder[what] ?? 0) / Math.max(held, 1)
      lockHolder['share of samples with the lock held'] = held / Math.max(samples.length, 1)
      return { connections, lockHolder }
    },
  }
}
