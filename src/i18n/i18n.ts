/**
 * The one i18next instance of the app. Resources are bundled (no fetch): the app must
 * speak French with no network on its very first offline start.
 */
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import en from './locales/en.json'
import fr from './locales/fr.json'
import {
  applyDocumentLanguage,
  DEFAULT_LANGUAGE,
  initialLanguage,
  isLanguage,
  storeLanguage,
  type Language,
} from './languages'

export const resources = { fr: { translation: fr }, en: { translation: en } } as const

export const i18n = i18next.createInstance()

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: ['fr', 'en'],
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
  returnNull: false,
})

applyDocumentLanguage(currentLanguage())
i18n.on('languageChanged', (lng) => {
  if (isLanguage(lng)) applyDocumentLanguage(lng)
})

export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE
}

/** Switches the interface language and remembers the choice on this phone. */
export async function setLanguage(lang: Language): Promise<void> {
  storeLanguage(lang)
  await i18n.changeLanguage(lang)
}
