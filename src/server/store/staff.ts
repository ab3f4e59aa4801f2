/**
 * The staff a user works beside: everyone who shares one of their sites, and the admins
 * (who work at every site). An admin's directory is everyone.
 */
import type { StaffMember } from '../../shared/schemas/staff'
import type { Db } from '../db/open'

export async function staffOf(
  db: Db,
  user: { id: string; role: string; sites: readonly string[] },
): Promise<StaffMember[]> {
  let query = db.selectFrom('users').select(['users.id', 'users.name', 'users.role']).orderBy('users.name')
  if (user.role !== 'admin') {
    const sites = user.sites.length > 0 ? [...user.sites] : ['']
    query = query.where((eb) =>
      eb.or([
        eb('users.role', '=', 'admin'),
        eb('users.id', '=', user.id),
        eb.exists(
          eb
            .selectFrom('user_sites')
            .select('user_sites.user_id')
            .whereRef('user_sites.user_id', '=', 'users.id')
            .where('user_sites.site_code', 'in', sites),
        ),
      ]),
    )
  }
  const rows = await query.execute()
  return rows.map((row) => ({ id: row.id, name: row.name, role: row.role as StaffMember['role'] }))
}
