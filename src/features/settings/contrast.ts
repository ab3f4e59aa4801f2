/**
 * The high-contrast theme: black on white, thick borders and focus rings, for low vision
 * and bright sun. Chosen in Settings and kept on the phone across users, like the
 * language (not personal data); styles.css also follows the system's
 * `prefers-contrast: more` and `forced-colors: active` without it.
 */
export type Contrast = 'standard' | 'high'
export const CONTRAST_STORAGE_KEY = 'relais.contrast'

/** The theme chosen on this phone; standard when none was (or storage is blocked). */
export function storedContrast(): Contrast {
  try {
    return globalThis.localStorage?.getItem(CONTRAST_STORAGE_KEY) === 'high' ? 'high' : 'standard'
  } catch {
    return 'standard'
  }
}

/** `data-contrast="high"` on the document switches the colours (styles.css). */
export function applyContrast(contrast: Contrast): void {
  if (typeof document === 'undefined') return
  if (contrast === 'high') document.documentElement.dataset.contrast = 'high'
  else delete document.documentElement.dataset.contrast
}

/** Applies at once and remembers the choice on this phone. */
export function setContrast(contrast: Contrast): void {
  applyContrast(contrast)
  try {
    if (contrast === 'high') globalThis.localStorage?.setItem(CONTRAST_STORAGE_KEY, 'high')
    else globalThis.localStorage?.removeItem(CONTRAST_STORAGE_KEY)
  } catch {
    // storage blocked: the choice lasts for this visit only
  }
}
