/** Carries a courier file to the server: POST /api/v1/courier with the carrier's own sign-in. */
import { COURIER_FORMAT, courierResponseSchema, type CourierResponse } from '@/shared/schemas/courier'
import { callApi, type HttpOptions } from './http'
import type { Outcome } from './transport'

/** Whether a picked file looks like one Relais wrote, before sending it anywhere. */
export function looksLikeCourierFile(text: string): boolean {
  try {
    const value = JSON.parse(text) as { format?: unknown } | null
    return typeof value === 'object' && value !== null && value.format === COURIER_FORMAT
  } catch {
    return false
  }
}

/** Uploads the file as it was written; the answer holds statuses and counts, never records. */
export function uploadCourierFile(
  text: string,
  token: string,
  opts: HttpOptions = {},
): Promise<Outcome<CourierResponse>> {
  return callApi(
    opts,
    '/api/v1/courier',
    { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: text },
    courierResponseSchema,
  )
}
