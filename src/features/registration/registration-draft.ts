/**
 * What the registration form keeps in its (encrypted) draft: the values, the step on
 * screen and, for a family member, whose household group they join.
 */
import { mergeKnown } from '@/components/use-draft'
import { isStep, type StepId } from './registration-steps'
import type { RegistrationValues } from './registration-values'

/** The person whose household group a family member joins, as the registrar knows them. */
export interface HouseholdHead {
  groupId: string
  name: string
  caseNumber?: string | undefined
}

export interface RegistrationDraft {
  values: RegistrationValues
  step: StepId
  joins?: HouseholdHead | undefined
}

function householdHead(stored: unknown): HouseholdHead | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined
  const { groupId, name, caseNumber } = stored as Record<string, unknown>
  if (typeof groupId !== 'string' || typeof name !== 'string') return undefined
  return { groupId, name, ...(typeof caseNumber === 'string' ? { caseNumber } : {}) }
}

/** A stored draft read back: known fields of the right type, a known step (else the first). */
export function parseRegistrationDraft(stored: unknown, initial: RegistrationDraft): RegistrationDraft {
  if (typeof stored !== 'object' || stored === null) return initial
  const { values, step, joins } = stored as { values?: unknown; step?: unknown; joins?: unknown }
  const head = householdHead(joins)
  return {
    values: mergeKnown(values, initial.values),
    step: isStep(step) ? step : initial.step,
    ...(head ? { joins: head } : {}),
  }
}
