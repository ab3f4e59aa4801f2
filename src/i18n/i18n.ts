/**
 * The one i18next instance of the app. Each language's translations are a chunk of their
 * own (locale-files.ts), loaded before the language is shown: at start before the first
 * render (app/start.tsx), and on a switch before the switch. The service worker precaches
 * every chunk, so the app speaks with no network on its very first offline start.
 */
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { addElisionFormats } from './elision'
import { LOCALE_LOADERS } from './locale-files'
import { rememberTranslations } from './remembered-translations'
import {
  applyDocumentLanguage,
  DEFAULT_LANGUAGE,
  initialLanguage,
  isLanguage,
  LANGUAGES,
  storeLanguage,
  type Language,
} from './languages'

export const i18n = i18next.createInstance()

void i18n.use(initReactI18next).init({
  resources: {}, // filled by loadLanguage
  partialBundledLanguages: true,
  lng: initialLanguage(),
  // a key not yet translated in a language shows in French, which field staff read
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES.map((l) => l.code),
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
  returnNull: false,
})
// French "d'Aïcha", "de Moussa": `{{name, de}}` in a translation (elision.ts)
addElisionFormats(i18n)
// a screen's hundreds of look-ups answered once each (remembered-translations.ts)
rememberTranslations(i18n)

applyDocumentLanguage(currentLanguage())
i18n.on('languageChanged', (lng) => {
  if (isLanguage(lng)) applyDocumentLanguage(lng)
})

const loading = new Map<Language, Promise<void>>()

function loadOne(lang: Language): Promise<void> {
  let promise = loading.get(lang)
  if (!promise) {
    const load = LOCALE_LOADERS.get(lang)
    if (!load) return Promise.reject(new Error(`No locale file for language "${lang}"`))
    promise = load().then(
      (translation) => {
        // as it is: each file is added once, whole, and nothing changes it afterwards. A deep
        // merge into a copy cost a throttled phone about 100 ms of its cold start
        i18n.addResourceBundle(lang, 'translation', translation, false, true, { skipCopy: true })
      },
      (error: unknown) => {
        loading.delete(lang) // a failed fetch may succeed later (the link came back)
        throw error
      },
    )
    loading.set(lang, promise)
  }
  return promise
}

/** Loads `lang`'s translations, and French's for the keys it lacks (once each). */
export async function loadLanguage(lang: Language): Promise<void> {
  if (!isLanguage(lang)) throw new Error(`Unknown language "${lang}": the languages are ${languageCodes()}`)
  await Promise.all([...new Set([lang, DEFAULT_LANGUAGE])].map(loadOne))
}

/** Whether `lang`'s translations are in memory (a switch to it shows no key paths). */
export function isLanguageLoaded(lang: Language): boolean {
  return i18n.hasResourceBundle(lang, 'translation')
}

/** At start, before the first render: the phone's language, loaded and in use. */
export async function startLanguage(): Promise<void> {
  const lang = initialLanguage()
  await loadLanguage(lang)
  await i18n.changeLanguage(lang)
}

export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE
}

/** Loads the language, switches the interface to it and remembers the choice on this phone. */
export async function setLanguage(lang: Language): Promise<void> {
  await loadLanguage(lang)
  storeLanguage(lang)
  await i18n.changeLanguage(lang)
}

function languageCodes(): string {
  return LANGUAGES.map((l) => l.code).join(', ')
}
