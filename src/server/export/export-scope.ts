/**
 * The sites an export covers: the caller's (every site for an admin), narrowed to those
 * asked for. Asked-for sites the caller does not cover are left out without a word, as
 * the stats endpoints do: an export never says whether another site has records.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import type { SiteScope } from './record-stream'

export function exportSiteScope(user: SessionUser, asked: readonly string[] | undefined): SiteScope {
  if (user.role === 'admin') return asked === undefined ? 'all' : [...new Set(asked)].sort()
  if (asked === undefined) return [...user.sites].sort()
  return [...new Set(asked)].filter((code) => user.sites.includes(code)).sort()
}
