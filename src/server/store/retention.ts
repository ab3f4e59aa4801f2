/**
 * The server's retention (RELAIS_HISTORY_RETENTION_DAYS, RELAIS_AUDIT_RETENTION_DAYS;
 * 0 keeps everything). Record history older than the setting is pruned, except each
 * record's current version and the versions open conflicts refer to (their base and
 * the server's version), which a supervisor still needs, and every version of the
 * records a merge of duplicates touched (store/duplicates.ts). Resolved conflicts older
 * than the setting lose the incoming record they kept. Audit entries go by their own
 * setting. Sign-in slots that left the limits' window go whatever the settings: they
 * no longer count (auth/rate-limit.ts). Runs at start and then daily; on SQLite each run
 * then empties the write-ahead log (emptySqliteLog).
 */
import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import { DEFAULT_SIGN_IN_LIMITS } from '../auth/rate-limit'
import { isPostgres, type Db } from '../db/open'
import { unlessJobRunning } from './job-lock'
import { pruneSignInAttempts } from './sign-in-attempts'

const DAY_MS = 24 * 60 * 60 * 1000

export interface RetentionSettings {
  historyRetentionDays: number
  auditRetentionDays: number
}

export interface PruneResult {
  versions: number
  conflicts: number
  auditEntries: number
  signInAttempts: number
}

const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString()

export async function pruneHistory(db: Db, settings: RetentionSettings, now = new Date()): Promise<PruneResult> {
  const result: PruneResult = { versions: 0, conflicts: 0, auditEntries: 0, signInAttempts: 0 }
  if (settings.historyRetentionDays > 0) {
    const before = cutoff(now, settings.historyRetentionDays)
    const versions = await db
      .deleteFrom('record_versions')
      .where('server_time', '<', before)
      .where(({ not, exists, selectFrom, and }) =>
        and([
          not(
            exists(
              selectFrom('records')
                .select('records.id')
                .whereRef('records.id', '=', 'record_versions.record_id')
                .whereRef('records.rev', '=', 'record_versions.rev'),
            ),
          ),
          // a merge keeps every version of the records it touched, so that it can be undone and traced
          not(
            exists(
              selectFrom('merge_records')
                .select('merge_records.record_id')
                .whereRef('merge_records.record_id', '=', 'record_versions.record_id'),
            ),
          ),
          not(
            exists(
              selectFrom('conflicts')
                .select('conflicts.id')
                .where('conflicts.status', '=', 'open')
                .whereRef('conflicts.record_id', '=', 'record_versions.record_id')
                .where((inner) =>
                  inner.or([
                    inner('conflicts.base_rev', '=', inner.ref('record_versions.rev')),
                    inner('conflicts.current_rev', '=', inner.ref('record_versions.rev')),
                  ]),
                ),
            ),
          ),
        ]),
      )
      .executeTakeFirst()
    result.versions = Number(versions.numDeletedRows)
    const conflicts = await db
      .updateTable('conflicts')
      .set({ data: null })
      .where('status', '=', 'resolved')
      .where('resolved_at', '<', before)
      .where('data', 'is not', null)
      .executeTakeFirst()
    result.conflicts = Number(conflicts.numUpdatedRows)
  }
  if (settings.auditRetentionDays > 0) {
    const entries = await db
      .deleteFrom('audit_log')
      .where('at', '<', cutoff(now, settings.auditRetentionDays))
      .executeTakeFirst()
    result.auditEntries = Number(entries.numDeletedRows)
  }
  result.signInAttempts = await pruneSignInAttempts(db, new Date(now.getTime() - DEFAULT_SIGN_IN_LIMITS.windowMs))
  return result
}

/**
 * On SQLite, writes the write-ahead log into the database file and empties it: the log
 * holds pages as they were before each write, so what a withdrawal of consent or this
 * run erased stays there until SQLite overwrites it (the database file zeroes what it
 * frees: db/open.ts, secure_delete). PostgreSQL's dead row versions go with its VACUUM.
 */
async function emptySqliteLog(db: Db): Promise<void> {
  if (!isPostgres(db)) await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db)
}

/**
 * Prunes now and then every day; `now` is injectable for tests. Every server process
 * runs it; on PostgreSQL a run that finds another process's run under way (the
 * `retention` lock, store/job-lock.ts) skips, so one host prunes at a time.
 */
export function startRetention(
  db: Db,
  settings: RetentionSettings,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  { now = () => new Date(), everyMs = DAY_MS }: { now?: () => Date; everyMs?: number } = {},
): { stop(): void; done: Promise<void> } {
  const run = () =>
    unlessJobRunning(db, 'retention', (trx) => pruneHistory(trx, settings, now()))
      .then(async (result) => {
        await emptySqliteLog(db)
        return result
      })
      .then(
        (result) =>
          result.ran
            ? log.info({ pruned: result.value }, 'retention: pruned history and audit log')
            : log.info('retention: another server process is pruning; skipped this run'),
        (error: unknown) => log.error({ err: error }, 'retention: pruning failed'),
      )
  const done = run()
  const timer = setInterval(() => void run(), everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer), done }
}
