/**
 * Keys and similarity for one name word. A word is compared through its spelling forms
 * (spelling-forms.ts) and, for each form, a consonant skeleton: vowels and h dropped,
 * sh/s/z one sibilant, p/b and f/v one letter each, a final t written d. The skeleton is
 * what survives transliteration: Mohamed, Muhammad, Mahamat and محمد all give "mmd".
 *
 * Similarity (0…1) is Jaro–Winkler on the forms, the best pair of forms counting (an
 * alternate form a little less). It is lifted when the skeletons agree and are long
 * enough to mean something (four consonants, or a word written without vowels), and
 * lowered when they differ: by a little for one consonant in long words (a typo in
 * Ibrahim), by more in short ones, where one consonant makes another name (Koné /
 * Konaté), and by most beyond one. Known irregular equivalents (name-equivalents.ts:
 * Mamadou for Mohamed) score just below a shared form. Measured, not reasoned: see the
 * tests in tests/shared/names and scripts/bench/names-bench.ts.
 */
import { editDistance, jaroWinkler } from './jaro-winkler'
import { equivalenceClass } from './name-equivalents'
import { spellingForms, typingForm } from './spelling-forms'

export interface WordKeys {
  /** the folded word (normalize-name.ts) */
  word: string
  /** its spelling forms, the main one first */
  forms: string[]
  /** the consonant skeleton of each form, in the same order */
  skeletons: string[]
  /** the form of the word as a prefix of a longer one, while it is being typed */
  typing: string
  /** the class of known irregular equivalents the word belongs to, if any */
  equivalence: string | undefined
}

/** The consonant skeleton of a spelling form: "muhamid" → "mmd", "usman" → "smn". */
export function consonantSkeleton(form: string): string {
  return form
    .replace(/sh/g, 's')
    .replace(/ny/g, 'n')
    .replace(/[aeiouh]/g, '')
    .replace(/z/g, 's')
    .replace(/p/g, 'b')
    .replace(/v/g, 'f')
    .replace(/t$/, 'd')
}

/** Everything the matcher compares about one folded word, computed once per word. */
export function wordKeys(word: string): WordKeys {
  const forms = spellingForms(word)
  return {
    word,
    forms,
    skeletons: forms.map(consonantSkeleton),
    typing: typingForm(word),
    equivalence: forms.map(equivalenceClass).find((found) => found !== undefined),
  }
}

// a match through an alternate form (a dropped final vowel, kh read as h) ranks just
// below the same match through the main forms
const ALTERNATE_FACTOR = 0.97
const SAME_FORM = 0.97
const KNOWN_EQUIVALENT = 0.93
const SAME_SKELETON = 0.92

const hasVowel = (form: string) => /[aiuy]/.test(form)

function formSimilarity(a: string, skeletonA: string, b: string, skeletonB: string): number {
  if (a === b) return SAME_FORM
  const jw = jaroWinkler(a, b)
  if (skeletonA === skeletonB) {
    // four consonants or more in the same order are the same name, vowels aside
    // (Kassambara / Kssambara); fewer are not (Karim / Kourouma), except for a word
    // written without vowels (Arabic script: محمد → mhmd), which has nothing else
    const telling = skeletonA.length >= 4 || (skeletonA.length >= 2 && (!hasVowel(a) || !hasVowel(b)))
    return telling ? Math.max(jw, SAME_SKELETON) : jw
  }
  const shorter = Math.min(skeletonA.length, skeletonB.length)
  const distance = editDistance(skeletonA, skeletonB)
  if (distance === 1) return jw * (shorter >= 3 ? 0.96 : 0.88)
  return jw * 0.8
}

/** How alike two words are, 1 for the same folded word. Symmetric. */
export function wordSimilarity(a: WordKeys, b: WordKeys): number {
  if (a.word === b.word) return 1
  let best = a.equivalence !== undefined && a.equivalence === b.equivalence ? KNOWN_EQUIVALENT : 0
  for (let i = 0; i < a.forms.length; i++) {
    for (let j = 0; j < b.forms.length; j++) {
      const factor = i === 0 && j === 0 ? 1 : ALTERNATE_FACTOR
      const score =
        factor *
        formSimilarity(a.forms[i] as string, a.skeletons[i] as string, b.forms[j] as string, b.skeletons[j] as string)
      if (score > best) best = score
    }
  }
  return best
}
