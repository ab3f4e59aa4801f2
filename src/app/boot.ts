/**
 * The entry's first module, evaluated before anything else of the app: the phone's theme,
 * then, on a phone holding a locked session, a plain unlock form that takes the
 * passphrase while the rest loads (boot-unlock.ts). Imports nothing heavy.
 */
import { applyContrast, storedContrast } from '@/features/settings/contrast'
import { initialLanguage } from '@/i18n/languages'
import { showBootUnlock } from '@/session/boot-unlock'

// the phone's theme before the first paint, the lock screen included
applyContrast(storedContrast())
showBootUnlock({ language: initialLanguage() })
