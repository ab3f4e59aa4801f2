/** A number written for the interface language (its digits, grouping and decimal mark): counts in tables and charts, bounds in hints. */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { intlLocale } from '@/i18n/languages'

export function useFormatNumber(): (n: number) => string {
  const { i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  return useMemo(() => {
    const format = new Intl.NumberFormat(intlLocale(lang))
    return (n: number) => format.format(n)
  }, [lang])
}
