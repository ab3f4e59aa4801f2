/**
 * The translation files, one per language (`./locales/<code>.json`), each its own chunk
 * loaded when its language is needed. The service worker precaches every chunk, so a
 * language loads with no network once the app is installed.
 */

/** A translation tree as i18next reads it: nested objects of strings. */
export interface Translation {
  [key: string]: string | Translation
}

const files = import.meta.glob<Translation>('./locales/*.json', { import: 'default' })

/** Language code → the loader of its file. */
export const LOCALE_LOADERS: ReadonlyMap<string, () => Promise<Translation>> = new Map(
  Object.entries(files).map(([path, load]) => [/([^/]+)\.json$/.exec(path)?.[1] ?? path, load]),
)
