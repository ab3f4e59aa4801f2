/**
 * French elision before a person's name or a code, which the translations insert: "le
 * ménage d'Aïcha Moussa", "le ménage de Moussa Issa"; "qu'Ousmane se reconnecte"; "la
 * fusion d'AGZ-7K-0042". French strings ask for it with a formatter, `{{name, de}}` or
 * `{{name, que}}` before a name, `{{caseNumber, deSigle}}` before a code; English and
 * Arabic keep their own words and plain placeholders.
 *
 * The choice: a name elides when it starts with a vowel, accented or not (A E I O U, É,
 * Ï…), or with a Y before a consonant (Yves). A Y before a vowel is a consonant
 * ("de Yacouba"), and an H never elides: most H names here are Hausa or Arabic names
 * said with a breathed h ("de Hadiza", "de Halima"), and "de" before a name is never
 * wrong, where "d'" before a sounded h is. A name in another script, a digit or nothing
 * keeps "de".
 *
 * A code (a case number "AGZ-7K-0042", a site code "ARL-FMP") is a sigle: said letter by
 * letter, or as a word when it reads as one. It elides when it starts with a vowel, A E I
 * O U, whichever way it is said: the letter's name and the word both start with that
 * vowel ("d'AGZ-7K-0042", "d'ING-FMP", "d'EDF"). Every consonant keeps "de", also those
 * whose names start with a vowel sound, F "effe", H "ache", L "elle", M "emme", N "enne",
 * R "erre", S "esse", X "ixe" ("de FMP", "de SMS", "de NIA-…"): French elides "le" before
 * these letter names now and then, "de" seldom and "que" hardly ever (OQLF, Banque de
 * dépannage linguistique, « Élision facultative »), and a sigle read as a word starts with
 * the consonant itself. Y keeps "de" too (spelled "i grec", but a consonant when the code
 * reads as a word): before a letter's name "de" is never wrong, where "d'" before a
 * consonant is. A digit keeps "de": French does not elide before numbers written in digits.
 */
import type { i18n as I18n } from 'i18next'

/** Whether French elides "de" or "que" before this name. */
export function elidesBefore(name: string): boolean {
  // strip the accents: "Ïssa" and "Élodie" start with a vowel like "Issa"
  const start = name.trim().normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  return /^(?:[aeiou]|y[^aeiouy\s])/.test(start)
}

/** "d'Aïcha Moussa", "de Moussa Issa". */
export const ofName = (name: string): string => (elidesBefore(name) ? `d'${name.trim()}` : `de ${name.trim()}`)

/** "qu'Ousmane", "que Moussa". */
export const thatName = (name: string): string => (elidesBefore(name) ? `qu'${name.trim()}` : `que ${name.trim()}`)

/** Whether French elides "de" before this code (a case number, a site code): when it starts with a vowel. */
export function elidesBeforeCode(code: string): boolean {
  // a lower-case code (an id) is read the same; accents stripped as for names
  const start = code.trim().normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  return /^[aeiou]/.test(start)
}

/** "d'AGZ-7K-0042", "de FMP-0001". */
export const ofCode = (code: string): string => (elidesBeforeCode(code) ? `d'${code.trim()}` : `de ${code.trim()}`)

/** Lets translations write `{{name, de}}`, `{{name, que}}` and `{{caseNumber, deSigle}}`. */
export function addElisionFormats(i18n: I18n): void {
  i18n.services.formatter?.add('de', (value) => ofName(String(value)))
  i18n.services.formatter?.add('que', (value) => thatName(String(value)))
  i18n.services.formatter?.add('deSigle', (value) => ofCode(String(value)))
}
