import { describe, expect, it } from 'vitest'
import { jsonLimitBreach, RECORD_DATA_LIMITS } from '@/shared/text/json-limits'

/** An array nested `depth` deep, built with a loop (a recursive builder would overflow first). */
function nested(depth: number): unknown {
  let value: unknown = []
  for (let i = 1; i < depth; i++) value = [value]
  return value
}

describe('jsonLimitBreach', () => {
  const limits = { maxDepth: 4, maxNodes: 20, maxStringLength: 10 }

  it('passes a value within the limits', () => {
    expect(jsonLimitBreach({ a: [1, { b: 'short' }], c: null }, limits)).toBeUndefined()
  })

  it.each([
    ['too_deep', { a: { b: { c: { d: {} } } } }],
    ['too_many_values', { list: Array.from({ length: 30 }, (_, i) => i) }],
    ['string_too_long', { name: 'x'.repeat(11) }],
    ['string_too_long', { ['k'.repeat(11)]: 1 }],
  ])('finds %s', (breach, value) => {
    expect(jsonLimitBreach(value, limits)).toBe(breach)
  })

  it('walks a value nested a million deep without overflowing the stack', () => {
    expect(jsonLimitBreach({ x: nested(1_000_000) }, RECORD_DATA_LIMITS)).toBe('too_deep')
  })

  it('counts values before walking into a huge flat array', () => {
    expect(
      jsonLimitBreach(
        Array.from({ length: 100_000 }, () => 0),
        RECORD_DATA_LIMITS,
      ),
    ).toBe('too_many_values')
  })
})
