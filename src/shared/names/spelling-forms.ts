/**
 * Transliteration rules: one folded word (normalize-name.ts) → the spelling forms the
 * matcher compares. French and English desks write the same West African or Arabic
 * name with different letters (Ousmane / Usman, Aïchatou / Aisha, Djibril / Jibril),
 * so the forms write each sound one way: ou → u (w before a vowel), ch/sh/tch → sh,
 * dj/dy/di+vowel → j, kh → k, ph → f, th → t, c/q/ck → k or s, p → b, v → f, e → i,
 * o → u, y → i unless a vowel follows, i before a vowel → y, double letters single, a
 * French mute final e dropped, a final h after a vowel dropped, and the feminine
 * -atou/-ata ending → -a (Aminatou → amina, Fatoumata → fatuma).
 *
 * Some differences are not one way or the other but optional, and give alternate
 * forms: kh also as h, th as s, dh as z (Arabic letters written both ways), a final
 * -a/-ou dropped (Ibrahima / Ibrahim, Oumarou / Oumar), the -oulaye "of God" ending
 * dropped (Ramatoulaye / Ramatou), an abd- compound without its abd- (Abdelkader /
 * Kader) and al-/el- before h (Alhassane / Hassane).
 *
 * Forms are for comparing only: they are never shown and never stored.
 */

interface RuleOptions {
  /** the word is complete: end-of-word rules apply (not while it is being typed) */
  wordEnd: boolean
  kh: 'k' | 'h'
  th: 't' | 's'
  dh: 'd' | 'z'
}

const ABD = /^abd[aeiou]*l?(.+)$/
const GOD_SUFFIX = /^(?!abd)(.{3,}(?:ou|u))(?:laye|lahi|llahi|llah|lah)$/
const ARTICLE_BEFORE_H = /^(?:al|el)(h.{3,})$/
const DOUBLES = /(.)\1+/g

const collapse = (word: string) => word.replace(DOUBLES, '$1')

type Rule = [RegExp, string]

const CONSONANTS: Rule[] = [
  [/x/g, 'ks'],
  [/t?sch|tch|tsh|ch/g, 'sh'],
  [/ph/g, 'f'],
  [/gh/g, 'g'],
  [/ck|qu|q/g, 'k'],
  [/gu(?=[eiy])/g, 'g'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/gn/g, 'ny'],
  [/dj|dy(?=[aeiou])/g, 'j'],
  [/di(?=[aeou])/g, 'j'],
  // Mohamed, Mahamat, Mouhamed, Muhammad: the vowel after the first m varies freely
  [/^m(?:[aeiou]|ou)h/, 'muh'],
  [/oo|ou/g, 'u'],
  [/(^|[^aeiouy])u(?=[aeiouy])/g, '$1w'],
  [/([aeio])uw/g, '$1w'],
  [/w(?![aeiouy])/g, 'u'],
]

// a French mute final e (Ousmane, Jobe, Mbaye), a final h after a vowel (Bah, Aminah)
const WORD_END: Rule[] = [
  [/(.[^aeiou])e$/, '$1'],
  [/([aeiouy])h+$/, '$1'],
]

const VOWELS: Rule[] = [
  [/e/g, 'i'],
  [/o/g, 'u'],
  [/p/g, 'b'],
  [/v/g, 'f'],
  [/y(?![aeiouy])/g, 'i'],
]

// i before another vowel is a glide: Siaka / Syaka, Aliou / Aliyou
const GLIDES: Rule[] = [
  [/([^aiuy])iy?(?=[au])/g, '$1y'],
  [/iy(?=[au])/g, 'y'],
]

const FEMININE_ENDING = /^(.{3,}?)at[au]$/

function apply(word: string, rules: Rule[]): string {
  let s = word
  for (const [pattern, replacement] of rules) s = s.replace(pattern, replacement)
  return s
}

function applyRules(word: string, o: RuleOptions): string {
  let s = apply(word.replace(/kh/g, o.kh).replace(/th/g, o.th).replace(/dh/g, o.dh), CONSONANTS)
  if (o.wordEnd) s = apply(s, WORD_END)
  s = collapse(apply(collapse(apply(s, VOWELS)), GLIDES))
  if (o.wordEnd) s = s.replace(FEMININE_ENDING, '$1a')
  return s
}

/** Applies the rules until nothing changes: spellings that meet by different paths end alike. */
function settle(word: string, o: RuleOptions): string {
  let s = applyRules(word, o)
  for (let pass = 0; pass < 4; pass++) {
    const again = applyRules(s, o)
    if (again === s) break
    s = again
  }
  return s
}

const PRIMARY: RuleOptions = { wordEnd: true, kh: 'k', th: 't', dh: 'd' }

/** The main spelling form of a folded word: "mouhammed" → "muhamid", "aichatou" → "aisha". */
export function spellingForm(word: string): string {
  // the link of an abd- compound varies with the letter after it (Abdel Aziz, Abdoul
  // Aziz, Abderrahmane, Abdourahmane): abd + the rest, the link left out
  const rest = ABD.exec(collapse(word))?.[1]
  if (rest !== undefined && rest.length >= 2) return 'abd' + settle(rest, PRIMARY)
  return settle(word, PRIMARY)
}

/**
 * The form of a word still being typed: no end-of-word rules, so that it stays a prefix
 * of the finished word's form ("fatoumat" → "fatumat", a prefix of "fatumata").
 */
export function typingForm(word: string): string {
  return settle(word, { ...PRIMARY, wordEnd: false })
}

// Arabic letters that desks write two ways: خ as kh or h, ث as th or s, ذ as dh or z
const TWO_WAY_LETTERS: [string, Partial<RuleOptions>][] = [
  ['kh', { kh: 'h' }],
  ['th', { th: 's' }],
  ['dh', { dh: 'z' }],
]

/** The main form first, then the alternates, without repeats. */
export function spellingForms(word: string): string[] {
  const forms = new Set<string>([spellingForm(word)])
  for (const [letters, change] of TWO_WAY_LETTERS) {
    if (word.includes(letters)) forms.add(settle(word, { ...PRIMARY, ...change }))
  }
  for (const pattern of [ABD, GOD_SUFFIX, ARTICLE_BEFORE_H]) {
    const rest = pattern.exec(collapse(word))?.[1]
    if (rest !== undefined && rest.length >= 3) forms.add(spellingForm(rest))
  }
  for (const form of [...forms]) {
    // a final -a or -ou that one desk writes and the next does not (Ibrahima, Oumarou)
    if (/^.{3,}[^aiuy][au]$/.test(form)) forms.add(form.slice(0, -1))
  }
  return [...forms]
}
