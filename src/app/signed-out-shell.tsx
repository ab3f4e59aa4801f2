/**
 * The frame of the screens before the user's data is open (sign-in, unlock): the app's
 * name and the language, nothing that needs the user's database. Part of the first
 * screen's code, loaded before the rest of the app.
 */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from './language-switch'

export function SignedOutShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <div className="app">
      <header className="app-header">
        <p className="app-name">{t('app.name')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" className="app-main">
        {children}
      </main>
    </div>
  )
}
