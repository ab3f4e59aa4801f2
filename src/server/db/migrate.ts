/** Runs the schema migrations, listed here in code rather than found by a folder scan. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import * as initial from './migrations/0001-initial'
import * as conflictResolution from './migrations/0002-conflict-resolution'
import * as serverKeys from './migrations/0003-server-keys'
import * as accessControl from './migrations/0004-access-control'
import * as signInAttempts from './migrations/0005-sign-in-attempts'
import * as revocationPairs from './migrations/0006-revocation-pairs'
import * as healRecords from './migrations/0007-heal-records'
import * as caseFile from './migrations/0008-case-file'
import * as deviceNames from './migrations/0009-device-names'
import * as rejections from './migrations/0010-rejections'
import * as statsDays from './migrations/0011-stats-days'
import * as duplicates from './migrations/0012-duplicates'
import * as deviceQueue from './migrations/0013-device-queue'
import * as flowRollup from './migrations/0014-flow-rollup'
import * as lostSites from './migrations/0015-lost-sites'
import * as mergedCasesUncounted from './migrations/0016-merged-cases-uncounted'
import * as auditAction from './migrations/0017-audit-action'
import * as jsonTextParallelUnsafe from './migrations/0018-json-text-parallel-unsafe'
import * as recordAuthors from './migrations/0019-record-authors'
import * as departuresByRecord from './migrations/0020-departures-by-record'
import * as movedCaseWork from './migrations/0021-moved-case-work'
import * as keptWorkCase from './migrations/0022-kept-work-case'
import * as flowRollupBigint from './migrations/0023-flow-rollup-bigint'
import * as signInAuditUnknownUsers from './migrations/0024-sign-in-audit-unknown-users'
import * as registrationVulnerabilities from './migrations/0025-registration-vulnerabilities'

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-conflict-resolution': conflictResolution,
  '0003-server-keys': serverKeys,
  '0004-access-control': accessControl,
  '0005-sign-in-attempts': signInAttempts,
  '0006-revocation-pairs': revocationPairs,
  '0007-heal-records': healRecords,
  '0008-case-file': caseFile,
  '0009-device-names': deviceNames,
  '0010-rejections': rejections,
  '0011-stats-days': statsDays,
  '0012-duplicates': duplicates,
  '0013-device-queue': deviceQueue,
  '0014-flow-rollup': flowRollup,
  '0015-lost-sites': lostSites,
  '0016-merged-cases-uncounted': mergedCasesUncounted,
  '0017-audit-action': auditAction,
  '0018-json-text-parallel-unsafe': jsonTextParallelUnsafe,
  '0019-record-authors': recordAuthors,
  '0020-departures-by-record': departuresByRecord,
  '0021-moved-case-work': movedCaseWork,
  '0022-kept-work-case': keptWorkCase,
  '0023-flow-rollup-bigint': flowRollupBigint,
  '0024-sign-in-audit-unknown-users': signInAuditUnknownUsers,
  '0025-registration-vulnerabilities': registrationVulnerabilities,
}

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}

/** Brings the database to the latest schema; throws when a migration fails. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  return migrateUpTo(db)
}

/** Brings the database up to the migration `name` (all of them when absent): tests of a migration start before it. */
export async function migrateUpTo<DB>(db: Kysely<DB>, name?: string): Promise<void> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await (name === undefined ? migrator.migrateToLatest() : migrator.migrateTo(name))
  const failed = results?.find((result) => result.status === 'Error')
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error ?? '')
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`)
  }
}
