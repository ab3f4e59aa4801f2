/** A count of people written for the interface language (its digits and grouping), for charts' axes and legends. */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { intlLocale } from '@/i18n/languages'

export function useFormatCount(): (n: number) => string {
  const { i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  return useMemo(() => {
    const format = new Intl.NumberFormat(intlLocale(lang))
    return (n: number) => format.format(n)
  }, [lang])
}
