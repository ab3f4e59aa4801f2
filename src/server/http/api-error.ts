/** Errors the API answers on purpose: a status, a code from the contract, and a human message. */
import type { z } from 'zod'
import { fieldErrors } from '../../shared/schemas/field-errors'

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
