import { useTranslation } from 'react-i18next'
import { setLanguage } from '@/i18n/i18n'
import { LANGUAGES } from '@/i18n/languages'

/**
 * Français / English / العربية: each name written in its own language. `onChoose`: told
 * after a language is chosen (the user's menu closes then).
 */
export function LanguageSwitch({ onChoose }: { onChoose?(): void } = {}) {
  const { t, i18n } = useTranslation()
  const current = i18n.resolvedLanguage
  return (
    <div className="language-switch" role="group" aria-label={t('shell.language')}>
      {LANGUAGES.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          aria-pressed={current === l.code}
          // its chunk could not load (offline before the app was installed): the language stays as it was
          onClick={() => {
            void setLanguage(l.code).catch(() => undefined)
            onChoose?.()
          }}
        >
          {l.name}
        </button>
      ))}
    </div>
  )
}
