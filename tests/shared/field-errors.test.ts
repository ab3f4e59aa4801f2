/** Zod issues as the contract's field errors: an unknown key at the key itself, a long one cut. */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fieldErrors, MAX_KEY_SAID } from '@/shared/schemas/field-errors'

const strict = z.strictObject({ name: z.string(), place: z.strictObject({ town: z.string() }) })
const errorsOf = (value: unknown) => {
  const parsed = strict.safeParse(value)
  return parsed.success ? [] : fieldErrors(parsed.error)
}

describe('fieldErrors', () => {
  it('reports each unknown key at the key itself', () => {
    const errors = errorsOf({ name: 'Hawa', nickname: 'H', place: { town: 'Agadez', street: 'x' } })
    expect(errors).toHaveLength(2)
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: ['nickname'], code: 'unrecognized_keys', message: 'Unknown field "nickname"' },
        { path: ['place', 'street'], code: 'unrecognized_keys', message: 'Unknown field "street"' },
      ]),
    )
  })

  it('cuts an unknown key past the longest name it says', () => {
    const long = 'k'.repeat(10_000)
    const [error] = errorsOf({ name: 'Hawa', place: { town: 'Agadez' }, [long]: 1 })
    const said = `${'k'.repeat(MAX_KEY_SAID)}…`
    expect(error).toEqual({ path: [said], code: 'unrecognized_keys', message: `Unknown field "${said}"` })
    expect(JSON.stringify(error).length).toBeLessThan(300)
  })

  it('leaves a key of the longest length said whole', () => {
    const key = 'k'.repeat(MAX_KEY_SAID)
    expect(errorsOf({ name: 'Hawa', place: { town: 'Agadez' }, [key]: 1 })[0]?.path).toEqual([key])
  })
})
