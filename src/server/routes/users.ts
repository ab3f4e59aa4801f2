/** Users (admin only): GET and POST /api/v1/users. */
import type { FastifyInstance } from 'fastify'
import { newUserSchema, type User } from '../../shared/schemas/auth'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { parseRequest } from '../http/api-error'
import { createUser, listUsers } from '../store/users'

export function userRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/users', async (request): Promise<User[]> => {
    requireRole(request, ['admin'])
    return listUsers(db)
  })

  app.post('/users', async (request, reply): Promise<User> => {
    requireRole(request, ['admin'])
    const input = parseRequest(newUserSchema, request.body)
    const user = await createUser(db, input)
    reply.code(201)
    return user
  })
}
