import { intlLocale } from '@/i18n/languages'

/** A size in words a field worker reads at a glance: "2,1 Mo", "1,2 GB" (decimal units). */
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const
export type ByteUnit = (typeof UNITS)[number]

/** The number, formatted for the language, and its unit (to be translated: o, Ko, Mo…). */
export function formatBytes(bytes: number, lang: string): { value: string; unit: ByteUnit } {
  let value = Math.max(0, bytes)
  let i = 0
  while (value >= 1000 && i < UNITS.length - 1) {
    value /= 1000
    i += 1
  }
  const digits = i === 0 || value >= 100 ? 0 : 1
  const text = new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: digits }).format(value)
  return { value: text, unit: UNITS[i] ?? 'B' }
}
