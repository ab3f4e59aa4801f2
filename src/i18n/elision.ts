/**
 * French elision before a person's name, which the translations insert: "le ménage
 * d'Aïcha Moussa", "le ménage de Moussa Issa"; "qu'Ousmane se reconnecte". French strings
 * ask for it with a formatter, `{{name, de}}` or `{{name, que}}`; English and Arabic keep
 * their own words and plain `{{name}}`.
 *
 * The choice: a name elides when it starts with a vowel, accented or not (A E I O U, É,
 * Ï…), or with a Y before a consonant (Yves). A Y before a vowel is a consonant
 * ("de Yacouba"), and an H never elides: most H names here are Hausa or Arabic names
 * said with a breathed h ("de Hadiza", "de Halima"), and "de" before a name is never
 * wrong, where "d'" before a sounded h is. A name in another script, a digit or nothing
 * keeps "de".
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

/** Lets translations write `{{name, de}}` and `{{name, que}}`. */
export function addElisionFormats(i18n: I18n): void {
  i18n.services.formatter?.add('de', (value) => ofName(String(value)))
  i18n.services.formatter?.add('que', (value) => thatName(String(value)))
}
