/**
 * The first thing the entry does: start fetching the phone's language file (and French,
 * the fallback), so that it arrives while React and i18next are set up instead of after.
 * i18n.ts loads the same files at start (app/start.tsx); the module system fetches each once.
 */
import { DEFAULT_LANGUAGE, initialLanguage } from './languages'
import { LOCALE_LOADERS } from './locale-files'

for (const lang of new Set([initialLanguage(), DEFAULT_LANGUAGE])) {
  void LOCALE_LOADERS.get(lang)?.().catch(() => undefined) // i18n.ts says so if it fails
}
