/**
 * The first step of name matching: typed text → folded words, and which of those words
 * a match may do without. "  El-Hadj Mohamed OULD Sidi " → el hadj · mohamed · ould ·
 * sidi, where el, hadj and ould are optional: one desk writes the honorific or the
 * "son of" particle and the next does not.
 *
 * Folding is compatibility decomposition, diacritics stripped, lower case, Arabic
 * letters mapped to Latin consonants, apostrophes dropped (N'Diaye → ndiaye) and any
 * other non-letter a word break. Spelling rules (ou/u/w, ch/sh…) come after, per word,
 * in spelling-forms.ts. Pure and total: any string, lone surrogates and bidi marks
 * included, folds without throwing, and folding a folded text changes nothing.
 */
import { arabicToLatin } from './arabic-to-latin'

export interface NameWord {
  /** The folded word: lower-case letters and digits (other scripts kept as they are). */
  text: string
  /** An honorific, a particle or an initial: matched when present, never required. */
  optional: boolean
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const COMBINING_MARKS = /\p{M}/gu
// invisible format characters (bidi marks, zero-width joiners, the soft hyphen) vanish
// rather than break a word: "Aï\u200Bcha" is one word
const FORMAT = /\p{Cf}/gu
// ’ ʼ ʻ ` ´ and the ASCII apostrophe join the parts of a word: N'Diaye, Ma'a
const APOSTROPHES = /['\u2018\u2019\u02BB\u02BC\u02BD\u0060\u00B4]/g
const NOT_WORD = /[^\p{L}\p{N}]+/gu
const NON_ASCII = /[^\p{ASCII}]/gu

// letters that do not decompose into a Latin letter plus a mark; Hausa and Fula hooked
// letters among them (ɓ ɗ ƙ ƴ), which keyboards in Niger do produce
const SPECIAL_LETTERS: Record<string, string> = Object.fromEntries(
  'ß:ss æ:ae œ:oe ø:o đ:d ð:d þ:th ł:l ı:i ŋ:ng ɓ:b ɗ:d ƙ:k ƴ:y ɛ:e ɔ:o ə:e ɲ:ny ʃ:sh ȷ:j'
    .split(' ')
    .map((pair) => pair.split(':')),
)

// "son of", "daughter of", "the" and honorifics: optional when another word follows
// them in the same field ("Ould Ahmed"), a name of their own when alone ("Ba")
const PARTICLES = new Set(
  [
    'ould wuld walad oulad ag ben bin ibn bint bent mint ment el al ul dan ba de',
    'elhadj elhadji elhaj alhadj alhadji alhaji alhaj hadj hadji haji hadja hadjia hajia hajiya',
    'sidi moulay lalla cheikh sheikh mme mr mlle dr',
  ]
    .join(' ')
    .split(' '),
)

// abd- compounds written in two words ("Abdel Kader", "Abdoul Aziz") are one name:
// joined here so that they meet "Abdelkader" and "Abdoulaziz". Not "Abdou", a name of
// its own as often as a prefix ("Abdou Diallo")
const ABD_PREFIXES = new Set('abd abdel abdal abdil abdoul abdul abdur abder abdes abden'.split(' '))

function foldOnce(text: string): string {
  // lower-case between two decompositions: some capitals lower-case to a letter plus a
  // combining mark (İ → i̇), and some compatibility forms decompose to capitals (㎒)
  return text
    .replace(LONE_SURROGATE, '')
    .replace(FORMAT, '')
    .replace(APOSTROPHES, '')
    .replace(/[çÇ]/g, 's')
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(NON_ASCII, (char) => SPECIAL_LETTERS[char] ?? arabicToLatin(char) ?? char)
    .toLowerCase()
    .replace(NOT_WORD, ' ')
    .trim()
}

const PLAIN = /^[A-Za-z0-9 '-]*$/
const FOLDED = /^[a-z0-9 ]*$/

/** Folded words separated by single spaces: "  N'DIAYE  Aïssata " → "ndiaye aissata". */
export function foldName(text: string): string {
  // most names are typed in plain ASCII: the short way gives the same result
  if (PLAIN.test(text)) return text.toLowerCase().replace(APOSTROPHES, '').replace(NOT_WORD, ' ').trim()
  let folded = foldOnce(text)
  // a second pass settles the rare character whose folding yields another foldable one
  for (let pass = 0; pass < 3 && !FOLDED.test(folded); pass++) {
    const again = foldOnce(folded)
    if (again === folded) break
    folded = again
  }
  return folded
}

/**
 * The words of one name field, with particles, honorifics and initials marked optional.
 * An abd- prefix written apart is joined to the word after it.
 */
export function nameWords(field: string): NameWord[] {
  const folded = foldName(field)
  const words = folded === '' ? [] : folded.split(' ')
  const joined: string[] = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string
    const next = words[i + 1]
    if (ABD_PREFIXES.has(word) && next !== undefined && !PARTICLES.has(next) && next.length >= 3) {
      joined.push(word + next)
      i++
    } else {
      joined.push(word)
    }
  }
  return joined.map((text, i) => ({
    text,
    optional: joined.length > 1 && ((PARTICLES.has(text) && i < joined.length - 1) || text.length === 1),
  }))
}
