/**
 * The sites a stats query or an aggregate export reads: the ones asked for (default:
 * all the caller covers), minus those the caller does not cover, which are left out
 * without a word (an admin covers every site). A caller with no site reads nothing.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import type { Db } from '../db/open'
import { listSites } from '../store/sites'

export async function statsSites(
  db: Db,
  user: SessionUser,
  requested: readonly string[] | undefined,
): Promise<string[]> {
  const covered = user.role === 'admin' ? (await listSites(db)).map((site) => site.code) : user.sites
  if (requested === undefined) return [...new Set(covered)].sort()
  const allowed = new Set(covered)
  return [...new Set(requested)].filter((code) => allowed.has(code)).sort()
}
