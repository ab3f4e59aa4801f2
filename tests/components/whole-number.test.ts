/** How a number typed in a field is read (components/whole-number.ts): its value, or what is wrong with it. */
import { describe, expect, it } from 'vitest'
import { readWholeNumber } from '@/components/whole-number'

describe('readWholeNumber', () => {
  it.each([
    ['0', { ok: true, value: 0 }],
    [' 42 ', { ok: true, value: 42 }],
    ['2.0', { ok: true, value: 2 }],
    ['-0', { ok: true, value: 0 }],
    ['', { ok: false, problem: 'empty' }],
    ['  ', { ok: false, problem: 'empty' }],
    ['1.5', { ok: false, problem: 'notWhole' }],
    ['1,5', { ok: false, problem: 'notWhole' }],
    ['-1.5', { ok: false, problem: 'notWhole' }],
    ['-1', { ok: false, problem: 'negative' }],
    ['trente', { ok: false, problem: 'notNumber' }],
    ['1e3', { ok: false, problem: 'notNumber' }],
    ['1234567890123456', { ok: false, problem: 'notNumber' }],
  ])('reads %j', (raw, expected) => {
    expect(readWholeNumber(raw)).toEqual(expected)
  })
})
