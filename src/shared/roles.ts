/** What each role may write and read (sync-protocol.md, Roles). */
import type { Role } from './schemas/auth'
import type { SITE_KINDS } from './schemas/codes'
import type { Entity } from './schemas/entities'
import { ENTITY_SITE_KIND } from './site-kinds'

const writable: Record<Role, readonly Entity[]> = {
  registrar: ['registration', 'assistance', 'referral', 'caseEvent'],
  monitor: ['flowCount', 'survey', 'fmpStatus'],
  supervisor: ['registration', 'assistance', 'referral', 'flowCount', 'survey', 'caseEvent', 'fmpStatus'],
  admin: ['registration', 'assistance', 'referral', 'flowCount', 'survey', 'caseEvent', 'fmpStatus'],
}

export function canWrite(role: Role, entity: Entity): boolean {
  return writable[role].includes(entity)
}

/**
 * Whether sites of these kinds give `role` any work: a registrar's records are kept at
 * transit centres, a monitor's at flow monitoring points (site-kinds.ts). A user whose
 * sites are all of other kinds can sign in and do nothing. Admins work everywhere.
 */
export function sitesGiveWork(role: Role, kinds: readonly (typeof SITE_KINDS)[number][]): boolean {
  if (role === 'admin') return true
  return writable[role].some((entity) => kinds.includes(ENTITY_SITE_KIND[entity]))
}

/** Registrars see case records, monitors see flow records; supervisors and admins see all. */
export function canRead(role: Role, entity: Entity): boolean {
  return canWrite(role, entity)
}

/** Admins work at every site; everyone else only at the sites they are assigned. */
export function mayUseSite(user: { role: Role; sites: readonly string[] }, siteCode: string): boolean {
  return user.role === 'admin' || user.sites.includes(siteCode)
}

export function isSupervisorOrAdmin(role: Role): boolean {
  return role === 'supervisor' || role === 'admin'
}

/**
 * Whether `revoker` may revoke a phone's sign-in of `owner` (among the pairs they see):
 * an admin any; a supervisor those of the registrars and monitors of their sites, and
 * their own, never another supervisor's or an admin's.
 */
export function mayRevoke(revoker: { id: string; role: Role }, owner: { id: string; role: Role }): boolean {
  if (revoker.role === 'admin') return true
  return owner.id === revoker.id || owner.role === 'registrar' || owner.role === 'monitor'
}
