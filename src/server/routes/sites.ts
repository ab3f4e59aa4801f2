/**
 * Sites: GET for anyone signed in (phones refresh their list at every pull); POST and
 * PATCH for admins, audited. The code is the key records carry: it never changes.
 */
import type { FastifyInstance } from 'fastify'
import { newSiteSchema, sitePatchSchema, type Site } from '../../shared/schemas/site'
import { siteCodeSchema } from '../../shared/schemas/common'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { parseRequest } from '../http/api-error'
import { auditBy } from '../store/audit'
import { createSite, listSites, updateSite } from '../store/sites'

export function siteRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/sites', async (): Promise<Site[]> => listSites(db))

  app.post('/sites', async (request, reply): Promise<Site> => {
    const auth = requireRole(request, ['admin'])
    const site = await createSite(db, parseRequest(newSiteSchema, request.body))
    await auditBy(db, auth, 'site_created', site.code)
    reply.code(201)
    return site
  })

  app.patch<{ Params: { code: string } }>('/sites/:code', async (request): Promise<Site> => {
    const auth = requireRole(request, ['admin'])
    const code = parseRequest(siteCodeSchema, request.params.code)
    const patch = parseRequest(sitePatchSchema, request.body)
    const site = await updateSite(db, code, patch)
    // deactivating keeps the site's records: it only leaves the lists where new work is chosen
    const fields = Object.keys(patch)
    if (fields.length > 0)
      await auditBy(db, auth, 'site_updated', code, {
        fields,
        ...(patch.active === undefined ? {} : { active: patch.active }),
      })
    return site
  })
}
