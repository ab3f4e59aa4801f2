/**
 * Digits typed on a phone made ASCII (shared/text/typed-digits.ts): a phone number stored
 * the way the server's schema takes it, and a decimal number (a coordinate) read with
 * the Arabic decimal separator too, nothing guessed.
 */
import { describe, expect, it } from 'vitest'
import { namedRegistrationSchema } from '@/shared/schemas/registration'
import { asciiDigits, readDecimal, typedPhoneNumber } from '@/shared/text/typed-digits'
import { namedRegistration } from '../../helpers/records'

const ARABIC_INDIC = '\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669'
const EXTENDED_ARABIC_INDIC = '\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9'

describe('asciiDigits', () => {
  it('writes Arabic-Indic and Extended Arabic-Indic digits in ASCII, and leaves the rest', () => {
    expect(asciiDigits(`${ARABIC_INDIC} ${EXTENDED_ARABIC_INDIC} abc 12`)).toBe('0123456789 0123456789 abc 12')
  })
})

describe('typedPhoneNumber', () => {
  it.each([
    ['+٢٢٧ ٩٠ ١٢ ٣٤ ٥٦', '+227 90 12 34 56'],
    ['۰۰۲۲۷ ۹۶ ۱۲ ۳۴ ۵۶', '00227 96 12 34 56'],
    // the direction marks an Arabic keyboard adds, and spaces that do not break
    ['\u200f+٢٢٧\u00a0٩٠١٢٣٤٥٦\u200e', '+227 90123456'],
    ['  +227  90 12 34 56 ', '+227 90 12 34 56'],
    ['', ''],
  ])('stores %j as %j', (typed, stored) => {
    expect(typedPhoneNumber(typed)).toBe(stored)
  })

  it('leaves what is not a phone number for the schema to refuse', () => {
    expect(typedPhoneNumber('٩٠-١٢-٣٤-٥٦')).toBe('90-12-34-56')
    expect(typedPhoneNumber('call me')).toBe('call me')
  })

  it('makes what the server’s schema accepts, and the schema still refuses the rest', () => {
    const withPhone = (phone: string) => namedRegistrationSchema.safeParse(namedRegistration({ phone }))
    for (const typed of ['+٢٢٧ ٩٠ ١٢ ٣٤ ٥٦', '۰۰۲۲۷۹۶۱۲۳۴۵۶', '\u200f٩٠ ١٢ ٣٤ ٥٦']) {
      const parsed = withPhone(typedPhoneNumber(typed))
      expect(parsed.success).toBe(true)
      expect(parsed.data?.phone).toMatch(/^\+?[0-9 ]+$/)
    }
    // the record keeps ASCII: digits the phone did not turn into ASCII are not taken as sent
    expect(withPhone('+٢٢٧ ٩٠ ١٢ ٣٤ ٥٦').success).toBe(false)
    for (const garbage of ['٩٠-١٢-٣٤-٥٦', 'call me', '++227 90', '12', '<b>90</b>']) {
      expect(withPhone(typedPhoneNumber(garbage)).success).toBe(false)
    }
  })
})

describe('readDecimal', () => {
  it.each([
    ['16.97', 16.97],
    ['16,97', 16.97],
    ['١٦٫٩٧', 16.97],
    ['١٦.٩٧', 16.97],
    ['۱۶٫۹۷', 16.97],
    ['\u200f١٦٫٩٧\u200f', 16.97],
    [' 7 ', 7],
    ['-0.5', -0.5],
    ['\u22120٫5', -0.5],
    ['+16.97', 16.97],
  ])('reads %j as %d', (typed, value) => {
    expect(readDecimal(typed)).toEqual({ ok: true, value })
  })

  it.each(['', '  ', '\u200f'])('says %j is empty', (typed) => {
    expect(readDecimal(typed)).toEqual({ ok: false, problem: 'empty' })
  })

  it.each(['١٦٬٩٧', '16،97', '1.234.5', '16.', '.5', '1e1', '16°58', 'abc', '16 97', '--1', 'NaN', 'Infinity'])(
    'refuses %j',
    (typed) => {
      expect(readDecimal(typed)).toEqual({ ok: false, problem: 'notNumber' })
    },
  )
})
