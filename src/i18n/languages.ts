/** The languages of the interface. French is the default: it is the field's working language. */
export const LANGUAGES = [
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  // TODO(RTL issue): add { code: 'ar', name: 'العربية', dir: 'rtl' } with its locale file.
] as const

export type Language = (typeof LANGUAGES)[number]['code']
export const DEFAULT_LANGUAGE: Language = 'fr'
/** Not personal data: the choice of language stays on the phone across users. */
export const LANGUAGE_STORAGE_KEY = 'relais.lang'

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value)
}

/** The language chosen on this phone, if any. */
export function storedLanguage(): Language | undefined {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY)
    return isLanguage(value) ? value : undefined
  } catch {
    return undefined // storage can be blocked: as if nothing was chosen
  }
}

/** The first of the browser's languages (`en-GB` → `en`) that is one of ours. */
export function browserLanguage(preferred: readonly string[] = navigatorLanguages()): Language | undefined {
  for (const tag of preferred) {
    const primary = tag.split('-')[0]?.toLowerCase()
    if (isLanguage(primary)) return primary
  }
  return undefined
}

/** At start: the phone's choice, else the browser's language when it is one of ours, else French. */
export function initialLanguage(): Language {
  return storedLanguage() ?? browserLanguage() ?? DEFAULT_LANGUAGE
}

function navigatorLanguages(): readonly string[] {
  const nav = globalThis.navigator as Navigator | undefined
  if (!nav) return []
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : []
}

export function storeLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang)
  } catch {
    // storage blocked: the choice lasts for this visit only
  }
}

/** `lang` and `dir` of the document follow the interface language. */
export function applyDocumentLanguage(lang: Language): void {
  if (typeof document === 'undefined') return
  const dir = LANGUAGES.find((l) => l.code === lang)?.dir ?? 'ltr'
  document.documentElement.lang = lang
  document.documentElement.dir = dir
}
