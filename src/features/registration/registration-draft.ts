/** What the registration form keeps in its (encrypted) draft: the values and the step on screen. */
import { mergeKnown } from '@/components/use-draft'
import { isStep, type StepId } from './registration-steps'
import type { RegistrationValues } from './registration-values'

export interface RegistrationDraft {
  values: RegistrationValues
  step: StepId
}

/** A stored draft read back: known fields of the right type, a known step (else the first). */
export function parseRegistrationDraft(stored: unknown, initial: RegistrationDraft): RegistrationDraft {
  if (typeof stored !== 'object' || stored === null) return initial
  const { values, step } = stored as { values?: unknown; step?: unknown }
  return {
    values: mergeKnown(values, initial.values),
    step: isStep(step) ? step : initial.step,
  }
}
