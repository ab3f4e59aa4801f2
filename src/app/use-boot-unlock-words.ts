/**
 * While a session is on this phone, keeps the unlock form's words (in the language shown)
 * for the plain form of the next cold start (session/boot-unlock.ts). From the sign-in
 * on, so that the first cold start after it is as quick as the next ones.
 */
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { describeLanguage } from '@/i18n/languages'
import { rememberBootUnlock } from '@/session/boot-unlock'

export function useBootUnlockWords(userName: string): void {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  useEffect(() => {
    rememberBootUnlock({
      lang,
      dir: describeLanguage(lang).dir,
      appName: t('app.name'),
      title: t('lock.title'),
      lockedFor: t('lock.lockedFor', { name: userName }),
      password: t('auth.password'),
      unlock: t('lock.unlock'),
      unlocking: t('lock.unlocking'),
    })
  }, [t, i18n, lang, userName])
}
