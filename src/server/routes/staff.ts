/** GET /api/v1/staff: the staff directory of the caller's sites (every signed-in role; additive). */
import type { FastifyInstance } from 'fastify'
import type { StaffResponse } from '../../shared/schemas/staff'
import type { ServerDeps } from '../app'
import { caller } from '../auth/authenticate'
import { staffOf } from '../store/staff'

export function staffRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/staff', async (request): Promise<StaffResponse> => ({ staff: await staffOf(db, caller(request).user) }))
}
