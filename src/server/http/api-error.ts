/** Errors the API answers on purpose: a status, a code from the contract, and a human message. */
import type { z } from 'zod'
import type { FieldError } from '../../shared/schemas/sync'

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

/** Zod issues as the contract's field errors: `{ path, code, message }`. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
    code: issue.code,
    message: issue.message,
  }))
}

/** Parses a request part with a shared schema, or answers 400 with field errors. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, code = 'invalid_request'): z.output<T> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new ApiError(400, code, 'The request does not match the expected shape', {
      issues: fieldErrors(parsed.error),
    })
  }
  return parsed.data
}

export const forbidden = () => new ApiError(403, 'forbidden', 'Your role may not do this')
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`)
