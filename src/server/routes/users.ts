/**
 * Users: GET, POST and PATCH /api/v1/users (admin), and POST /api/v1/users/<id>/password
 * (an admin resets anyone else's, which also lifts the username's sign-in lock; a user
 * changes their own with the current one). GET /api/v1/users/<id>/sign-in-lock (admin)
 * says whether wrong passwords lock the user out, GET /api/v1/users/sign-in-locks (admin)
 * which users they lock out now. Answers never carry password hashes.
 * Every change is audited, passwords never.
 */
import type { FastifyInstance } from 'fastify'
import {
  newUserSchema,
  passwordChangeSchema,
  userParamsSchema,
  userPatchSchema,
  type SignInLock,
  type SignInLocks,
  type User,
} from '../../shared/schemas/auth'
import type { ServerDeps } from '../app'
import { caller, requireRole } from '../auth/authenticate'
import { verifyPassword } from '../auth/password'
import { ApiError, forbidden, notFound, parseRequest } from '../http/api-error'
import { auditBy } from '../store/audit'
import { createUser, listUsers, passwordHashOf, setPassword, updateUser, userById } from '../store/users'

export function userRoutes(app: FastifyInstance, { db, limiter }: ServerDeps): void {
  app.get('/users', async (request): Promise<User[]> => {
    requireRole(request, ['admin'])
    return listUsers(db)
  })

  app.post('/users', async (request, reply): Promise<User> => {
    const auth = requireRole(request, ['admin'])
    const input = parseRequest(newUserSchema, request.body)
    const user = await createUser(db, input)
    await auditBy(db, auth, 'user_created', user.id, { username: user.username, role: user.role, sites: user.sites })
    reply.code(201)
    return user
  })

  app.patch('/users/:id', async (request): Promise<User> => {
    const auth = requireRole(request, ['admin'])
    const { id } = parseRequest(userParamsSchema, request.params)
    const patch = parseRequest(userPatchSchema, request.body)
    const { before, after } = await updateUser(db, id, patch)
    const changes = Object.fromEntries(
      (['name', 'role', 'sites', 'active'] as const)
        .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        .map((key) => [key, { from: before[key], to: after[key] }]),
    )
    await auditBy(db, auth, 'user_updated', after.id, changes)
    return after
  })

  app.post('/users/:id/password', async (request, reply) => {
    const auth = caller(request)
    const { id } = parseRequest(userParamsSchema, request.params)
    const self = auth.user.id === id
    if (!self && auth.user.role !== 'admin') throw forbidden()
    const body = parseRequest(passwordChangeSchema, request.body)
    const stored = await passwordHashOf(db, id)
    if (stored === undefined) throw notFound(`User ${id}`)
    if (self) {
      // one's own passphrase needs the current one, admin or not: an unlocked device left on a table is not enough
      // the slot is taken before the hash, as at sign-in (auth/rate-limit.ts)
      const slot = await limiter.take(auth.user.username, request.ip, 'Too many wrong passwords; try again later')
      if (body.currentPassword === undefined || !(await verifyPassword(body.currentPassword, stored))) {
        throw new ApiError(403, 'wrong_password', 'The current password is not right')
      }
      await limiter.succeeded(slot)
    }
    await setPassword(db, id, body.password)
    await auditBy(db, auth, self ? 'password_changed' : 'password_reset', id)
    if (!self) {
      // a reset is how an admin answers "I am locked out": the new password must work at once
      const user = await userById(db, id)
      const cleared = user ? await limiter.clear(user.username) : 0
      if (cleared > 0) await auditBy(db, auth, 'user_updated', id, { signInLock: { cleared } })
    }
    return reply.code(204).send()
  })

  app.get('/users/:id/sign-in-lock', async (request): Promise<SignInLock> => {
    requireRole(request, ['admin'])
    const { id } = parseRequest(userParamsSchema, request.params)
    const user = await userById(db, id)
    if (!user) throw notFound(`User ${id}`)
    const until = await limiter.lockedUntil(user.username)
    return { username: user.username, lockedUntil: until?.toISOString() ?? null }
  })

  app.get('/users/sign-in-locks', async (request): Promise<SignInLocks> => {
    requireRole(request, ['admin'])
    const users = await listUsers(db)
    const locks = await limiter.locksOf(users.map((user) => user.username))
    return users.flatMap((user) => {
      const until = locks.get(user.username)
      return until ? [{ userId: user.id, username: user.username, lockedUntil: until.toISOString() }] : []
    })
  })
}
