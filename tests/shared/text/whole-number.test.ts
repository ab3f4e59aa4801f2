/**
 * How a whole number typed in a form is read (shared/text/whole-number.ts): its value, or
 * what is wrong with it. Grouping marks are never guessed: "350.000" is not 350.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { asciiDigits } from '@/shared/text/typed-digits'
import { MAX_EXACT_WHOLE, readWholeNumber } from '@/shared/text/whole-number'

const ARABIC_INDIC = '\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669'
const EXTENDED_ARABIC_INDIC = '\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9'
/** `n` written with the digits of `zero…nine`. */
const writtenWith = (n: number, digits: string) => String(n).replace(/\d/g, (d) => digits[Number(d)] ?? d)

describe('readWholeNumber', () => {
  it.each([
    ['0', { ok: true, value: 0 }],
    [' 42 ', { ok: true, value: 42 }],
    ['007', { ok: true, value: 7 }],
    ['-0', { ok: true, value: 0 }],
    ['350000', { ok: true, value: 350000 }],
    ['\u0663', { ok: true, value: 3 }],
    ['\u0662\u0665', { ok: true, value: 25 }],
    ['\u06f2\u06f5', { ok: true, value: 25 }],
    ['\u200f\u0662\u0665\u200f', { ok: true, value: 25 }],
    ['\u00a042\u202f', { ok: true, value: 42 }],
    ['', { ok: false, problem: 'empty' }],
    ['  ', { ok: false, problem: 'empty' }],
    ['1.5', { ok: false, problem: 'notWhole' }],
    ['1,5', { ok: false, problem: 'notWhole' }],
    ['2.0', { ok: false, problem: 'notWhole' }],
    ['350.5', { ok: false, problem: 'notWhole' }],
    ['1.5000', { ok: false, problem: 'notWhole' }],
    ['\u0661\u066b\u0665', { ok: false, problem: 'notWhole' }],
    ['-1.5', { ok: false, problem: 'notWhole' }],
    ['-1', { ok: false, problem: 'negative' }],
    ['- 0', { ok: false, problem: 'notNumber' }],
    ['\u22121', { ok: false, problem: 'negative' }],
    ['-350.000', { ok: false, problem: 'negative' }],
    ['350.000', { ok: false, problem: 'separators', digits: '350000' }],
    ['350,000', { ok: false, problem: 'separators', digits: '350000' }],
    ['350 000', { ok: false, problem: 'separators', digits: '350000' }],
    ['350\u202f000', { ok: false, problem: 'separators', digits: '350000' }],
    ['1.500', { ok: false, problem: 'separators', digits: '1500' }],
    ['1,000,000', { ok: false, problem: 'separators', digits: '1000000' }],
    ['1 5', { ok: false, problem: 'separators', digits: '15' }],
    ['\u0663\u0665\u0660\u066c\u0660\u0660\u0660', { ok: false, problem: 'separators', digits: '350000' }],
    ['trente', { ok: false, problem: 'notNumber' }],
    ['1e1', { ok: false, problem: 'notNumber' }],
    ['1e3', { ok: false, problem: 'notNumber' }],
    ['+5', { ok: false, problem: 'notNumber' }],
    ['0x10', { ok: false, problem: 'notNumber' }],
    ['Infinity', { ok: false, problem: 'notNumber' }],
    ['.5', { ok: false, problem: 'notNumber' }],
    ['5.', { ok: false, problem: 'notNumber' }],
    ['12345678901234567', { ok: false, problem: 'tooBig', max: MAX_EXACT_WHOLE }],
  ])('reads %j', (raw, expected) => {
    expect(readWholeNumber(raw)).toEqual(expected)
  })

  it('refuses a number above the maximum it is given, saying the maximum', () => {
    expect(readWholeNumber('100000', 100_000)).toEqual({ ok: true, value: 100_000 })
    expect(readWholeNumber('100001', 100_000)).toEqual({ ok: false, problem: 'tooBig', max: 100_000 })
  })

  it('reads every whole number written in ASCII, Arabic-Indic or Extended Arabic-Indic digits as itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_EXACT_WHOLE }),
        fc.constantFrom('0123456789', ARABIC_INDIC, EXTENDED_ARABIC_INDIC),
        fc.constantFrom('', ' ', '\u00a0'),
        (n, digits, space) => {
          expect(readWholeNumber(`${space}${writtenWith(n, digits)}${space}`)).toEqual({ ok: true, value: n })
        },
      ),
      { numRuns: 500 },
    )
  })

  it('never reads digits grouped by thousands as a number, whatever the mark', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 999_999_999 }),
        fc.constantFrom('.', ',', ' ', '\u00a0', '\u202f', '\u066c', '\u066b'),
        (n, mark) => {
          const grouped = String(n).replace(/\B(?=(\d{3})+$)/g, mark)
          expect(readWholeNumber(grouped)).toEqual({ ok: false, problem: 'separators', digits: String(n) })
        },
      ),
      { numRuns: 500 },
    )
  })

  it('accepts only what is a whole number in digits, within the maximum, read as the digits say', () => {
    const typed = fc.string({
      unit: fc.constantFrom(...'0123456789 .,-+e\u0660\u0665\u06f9\u066b\u066cx'.split('')),
      maxLength: 12,
    })
    fc.assert(
      fc.property(typed, fc.integer({ min: 0, max: 10_000 }), (raw, max) => {
        const read = readWholeNumber(raw, max)
        if (!read.ok) return
        const digits = asciiDigits(raw).trim()
        expect(digits).toMatch(/^-?\d+$/)
        expect(read.value).toBe(Math.abs(Number(digits)))
        expect(read.value).toBeLessThanOrEqual(max)
      }),
      { numRuns: 2000 },
    )
  })
})
