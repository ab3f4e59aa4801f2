/**
 * A small Arabic → Latin consonant map, so that "محمد" folds to "mhmd" and meets
 * "Mohamed" on its consonant skeleton (name-key.ts). Short vowels are not written in
 * Arabic and the harakat are stripped as combining marks before this map runs, so
 * only letters are mapped; the long vowels ا و ي come out as a, w, y and the spelling
 * rules decide whether w and y are consonants. Not a transliteration standard: it
 * writes what a desk in Niger would write (ع and the hamza carriers vanish, ق is k).
 */
const LETTERS: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ٱ: 'a',
  ى: 'a',
  ة: 'a',
  ب: 'b',
  پ: 'p',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'gh',
  ف: 'f',
  ڤ: 'v',
  ق: 'k',
  ك: 'k',
  ک: 'k',
  گ: 'g',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  و: 'w',
  ي: 'y',
  ی: 'y',
  ء: '',
  ئ: '',
  ؤ: '',
  ـ: '',
}

/** The Latin letters for one Arabic-script character, or undefined when it is not one we map. */
export function arabicToLatin(char: string): string | undefined {
  return LETTERS[char]
}
