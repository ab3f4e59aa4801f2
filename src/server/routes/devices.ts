/** Devices (supervisors and admins): the sync view and revocation. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { DeviceSummary } from '../../shared/schemas/devices'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { notFound, parseRequest } from '../http/api-error'
import { auditBy } from '../store/audit'
import { listDevices, revokeDevice } from '../store/devices'

const revokeRequestSchema = z
  .object({ mode: z.enum(['wipe_after_upload', 'block']).default('wipe_after_upload') })
  .default({ mode: 'wipe_after_upload' })

export function deviceRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/devices', async (request): Promise<DeviceSummary[]> => {
    const { user } = requireRole(request, ['supervisor', 'admin'])
    return listDevices(db, user)
  })

  app.post<{ Params: { deviceId: string } }>('/devices/:deviceId/revoke', async (request) => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const { user } = auth
    const { deviceId } = request.params
    // a supervisor may revoke only the devices they can see (checked first: the answer tells nothing of others')
    const visible = await listDevices(db, user, deviceId)
    if (visible.length === 0) throw notFound(`Device ${deviceId}`)
    const { mode } = parseRequest(revokeRequestSchema, request.body ?? undefined)
    const revokedAt = await revokeDevice(db, deviceId, mode, user.id)
    await auditBy(db, auth, 'device_revoked', deviceId, { mode })
    return { deviceId, mode, revokedAt }
  })
}
