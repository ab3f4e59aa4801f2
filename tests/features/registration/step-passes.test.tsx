/**
 * Next goes on without react-hook-form's check when `stepPasses` says a step has no
 * problem: for every step of many registrations, half-typed, wrong or complete, it must
 * say what the form's resolver says of that step's fields.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { registrationResolver, stepPasses } from '@/features/registration/registration-resolver'
import { stepFields, stepsFor } from '@/features/registration/registration-steps'
import type { RegistrationBase } from '@/features/registration/registration-validation'
import { emptyRegistration, type RegistrationValues } from '@/features/registration/registration-values'

const base: RegistrationBase = {
  id: '01939f5e-7c4a-7d2b-9a31-6f0c2b1e4d58',
  createdAt: '2026-11-29T08:00:00.000Z',
  registeredBy: 'user-1',
  caseStatus: 'registered',
}
const TODAY = new Date().toISOString().slice(0, 10)

/** Answers a registrar may type, right and wrong, for the fields that decide the steps' checks. */
const typed = fc.record(
  {
    siteCode: fc.constantFrom('', 'AGZ-TC', 'NIA-TC'),
    entryChannel: fc.constantFrom('', 'walk_in', 'sar_convoy', 'nonsense'),
    consentProcessing: fc.constantFrom('', 'yes', 'no'),
    consentSharing: fc.constantFrom('', 'yes', 'no'),
    consentDate: fc.constantFrom(TODAY, '', '2099-01-01', '2026-02-30', 'yesterday'),
    givenName: fc.constantFrom('', 'Fatouma', ' ', 'x'.repeat(300)),
    familyName: fc.constantFrom('', 'Harouna'),
    sex: fc.constantFrom('', 'female', 'male'),
    birthMode: fc.constantFrom('date', 'age'),
    dateOfBirth: fc.constantFrom('', '1998-03-14', '2099-01-01'),
    estimatedAge: fc.constantFrom('', '31', '-4', '250', 'trente'),
    nationality: fc.constantFrom('', 'MLI', 'GIN', 'XXX'),
    inGroup: fc.constantFrom('no', 'yes', ''),
    avrr: fc.constantFrom('no', 'yes', ''),
  },
  { requiredKeys: [] },
)

async function resolverPasses(values: RegistrationValues, fields: string[]): Promise<boolean> {
  const resolve = registrationResolver(base)
  const { errors } = await resolve(values, undefined, {
    fields: {},
    names: fields as never,
    shouldUseNativeValidation: false,
  })
  return !fields.some((field) => (errors as Record<string, unknown>)[field] !== undefined)
}

describe('stepPasses', () => {
  it('says of every step what the form’s resolver says of its fields', async () => {
    await fc.assert(
      fc.asyncProperty(typed, async (answers) => {
        const values = { ...emptyRegistration(TODAY), ...answers } as RegistrationValues
        for (const step of stepsFor(values)) {
          const fields = stepFields(step, values)
          if (fields.length === 0) continue
          expect(stepPasses(values, base, fields), `${step}: ${JSON.stringify(answers)}`).toBe(
            await resolverPasses(values, fields),
          )
        }
      }),
      { numRuns: 300 },
    )
  })
})
