/**
 * Known equivalents that no spelling rule reaches: names that desks treat as one but
 * whose letters differ beyond transliteration (Mamadou for Mohamed, Tarawally for
 * Traoré). Listed as spelling forms (spelling-forms.ts), so that each entry covers the
 * spellings that fold to it. Kept short on purpose: a rule that generalises beats a
 * list, and this list holds only what the tuning part of name-variants.csv showed the
 * rules could not do (the held-out part is not in it, so that it measures the rules).
 */
const CLASSES: string[][] = [
  // Mohamed, Muhammad, Mahamat and the Fula and Mande Mamadou, Mahamadou, Modou
  ['muhamid', 'muhamad', 'muhamat', 'mamadu', 'muhamadu', 'mudu'],
  // Ahmed and the Fula Amadou, Hamadou, Ahmadou
  ['ahmid', 'ahmad', 'ahmat', 'amadu', 'hamadu', 'ahmadu'],
  // Khadija and the Fula Kadiatou, Kadidia, Khadidiatou
  ['kadija', 'kaja', 'hadija'],
  // Traoré and the Anglophone Tarawally, Trawally
  ['traur', 'tarawali', 'trawali'],
]

const classOf = new Map<string, string>()
for (const members of CLASSES) for (const form of members) classOf.set(form, members[0] as string)

/** The class of a spelling form, when it is a known irregular equivalent. */
export function equivalenceClass(form: string): string | undefined {
  return classOf.get(form)
}
