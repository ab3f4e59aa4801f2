/**
 * The exports' codebook names real export columns (the figures' too), and every code it lists has its
 * meaning in each language of the app (never the translation key).
 */
import { describe, expect, it } from 'vitest'
import { EXPORT_COLUMNS } from '@/server/export/columns'
import {
  FLOWS_DAILY_COLUMNS,
  REGISTRATIONS_BY_CENTRE_COLUMNS,
  VULNERABILITIES_BY_CENTRE_COLUMNS,
} from '@/server/export/aggregate-tables'
import { CODE_LISTS, type CodeList } from '@/i18n/code-labels'
import i18next from 'i18next'
import ar from '@/i18n/locales/ar.json'
import en from '@/i18n/locales/en.json'
import fr from '@/i18n/locales/fr.json'
import { CODEBOOK_COLUMNS, codebookRows } from '@/features/exports/codebook'

describe('the exports codebook', () => {
  it('names only columns the exports have', () => {
    const aggregates = [FLOWS_DAILY_COLUMNS, REGISTRATIONS_BY_CENTRE_COLUMNS, VULNERABILITIES_BY_CENTRE_COLUMNS]
    const headers = new Set(
      [...Object.values(EXPORT_COLUMNS), ...aggregates].flatMap((columns) => columns.map((c) => c.header)),
    )
    const named = Object.values(CODEBOOK_COLUMNS).flat()
    expect(named.filter((name) => !headers.has(name))).toEqual([])
  })

  it.each(['en', 'fr', 'ar'])('says what every code means in %s', async (lang) => {
    const i18n = i18next.createInstance()
    await i18n.init({
      lng: lang,
      resources: { en: { translation: en }, fr: { translation: fr }, ar: { translation: ar } },
    })
    const t = i18n.getFixedT(lang)
    const rows = codebookRows(t)
    const codes = (Object.keys(CODEBOOK_COLUMNS) as CodeList[]).reduce((n, list) => n + CODE_LISTS[list].length, 0)
    expect(rows).toHaveLength(1 + codes + 1)
    expect(rows.filter(([, code, meaning]) => !meaning || meaning.startsWith('codes.') || meaning === code)).toEqual([])
  })
})
