/**
 * A push answered `applied` lets the phone stop resending it: the embedded database must
 * still hold it after a power cut (common where the servers run), not only after a crash
 * of the process. In WAL mode that takes `synchronous = FULL` (NORMAL may lose the last
 * commits to a power loss).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqlite, sqliteHandle, type Db } from '@/server/db/open'

describe('the embedded database', () => {
  let dir: string | undefined
  let db: Db | undefined
  afterEach(async () => {
    await db?.destroy()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('writes ahead and syncs every commit to the disk before a push is answered', () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-durability-'))
    db = openSqlite(join(dir, 'relais.sqlite'))
    const handle = sqliteHandle(db)
    expect(handle?.pragma('journal_mode', { simple: true })).toBe('wal')
    // 2 is FULL
    expect(handle?.pragma('synchronous', { simple: true })).toBe(2)
  })
})
