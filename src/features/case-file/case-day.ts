/**
 * A day of the case's work (an assistance given, a referral sent), checked on the phone
 * as the server checks it (CASE_RULES, shared/case-rules.ts): not before the day the case
 * was registered. Said at the field, as the form's other problems are.
 */
import type { z } from 'zod'
import { isBeforeRegistration } from '@/shared/case-rules'

export const BEFORE_REGISTRATION = 'form.beforeRegistration'

export function caseDaySchema<S extends z.ZodType<string>>(day: S, registeredOn: string) {
  return day.refine((value) => !isBeforeRegistration(value, registeredOn), { message: BEFORE_REGISTRATION })
}
