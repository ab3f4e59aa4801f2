import { describe, expect, it } from 'vitest'
import { cleanLine, cleanParagraphs } from '@/shared/text/clean-text'

describe('cleanLine', () => {
  it.each([
    ['trims', '  Aïcha  ', 'Aïcha'],
    ['composes to NFC', 'A\u0308ssa', 'Ässa'],
    ['drops bidi marks an Arabic keyboard inserts', '\u200Fمحمد\u200E \u202Bأحمد\u202C', 'محمد أحمد'],
    ['drops zero-width characters and the byte-order mark', '\uFEFFMa\u200Bmadou\u200D', 'Mamadou'],
    ['drops NUL and other controls', 'Ous\u0000mane\u0007', 'Ousmane'],
    ['drops lone surrogate halves, keeps real pairs', 'a\uD800b\uDC00c😀', 'abc😀'],
    ['turns line breaks and tabs into spaces', 'Ag\nAhmed\tAli\r\n', 'Ag Ahmed Ali'],
    ['keeps the Arabic letters and Latin accents as they are', 'Aïssata عائشة', 'Aïssata عائشة'],
  ])('%s', (_, input, expected) => {
    expect(cleanLine(input)).toBe(expected)
  })

  it('leaves nothing of a string made only of invisible characters', () => {
    expect(cleanLine(' \u200B\u200F\uFEFF ')).toBe('')
  })
})

describe('cleanParagraphs', () => {
  it('keeps line breaks as \\n and drops the rest like cleanLine', () => {
    expect(cleanParagraphs(' First line\r\nSecond\u200B line\u2028Third\t \n')).toBe('First line\nSecond line\nThird')
  })
})
