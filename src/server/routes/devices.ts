/**
 * Devices (supervisors and admins): the sync view and revocation. Both work on
 * (device, user) pairs the caller covers (store/devices.ts): a device id alone is
 * whatever a client sent, and another site's phone may carry the same one. A supervisor
 * revokes the phones of registrars and monitors, and their own (shared/roles.ts).
 */
import type { FastifyInstance } from 'fastify'
import { mayRevoke } from '../../shared/roles'
import { revokeRequestSchema, type DeviceSummary, type RevokeAnswer } from '../../shared/schemas/devices'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { ApiError, notFound, parseRequest } from '../http/api-error'
import { otherSpellings } from '../http/id-spelling'
import { auditBy } from '../store/audit'
import { listDevices, revokePairs } from '../store/devices'

export function deviceRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/devices', async (request): Promise<DeviceSummary[]> => {
    const { user } = requireRole(request, ['supervisor', 'admin'])
    return listDevices(db, user)
  })

  app.post<{ Params: { deviceId: string } }>('/devices/:deviceId/revoke', async (request): Promise<RevokeAnswer> => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const { deviceId } = request.params
    const { mode, userId } = parseRequest(revokeRequestSchema, request.body ?? undefined)
    // only pairs the caller covers; a pair they do not cover answers as if it did not exist
    const pairs = await listDevices(db, auth.user, deviceId)
    // a phone signed in with its id in capitals before the rule is revoked by that spelling
    if (pairs.length === 0)
      throw otherSpellings([{ path: ['deviceId'], id: deviceId }]) ?? notFound(`Device ${deviceId}`)
    const covered = pairs.filter((pair) => userId === undefined || pair.user.id === userId)
    if (covered.length === 0) throw notFound(`Device ${deviceId}${userId === undefined ? '' : ` of user ${userId}`}`)
    const userIds = covered.filter((pair) => mayRevoke(auth.user, pair.user)).map((pair) => pair.user.id)
    if (userIds.length === 0) {
      throw new ApiError(403, 'forbidden', "A supervisor revokes registrars' and monitors' phones, and their own")
    }
    const revokedAt = await revokePairs(db, deviceId, userIds, mode, auth.user.id)
    await auditBy(db, auth, 'device_revoked', deviceId, { mode, userIds })
    return { deviceId, mode, revokedAt, userIds }
  })
}
