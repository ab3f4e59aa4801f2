import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { CODE_LISTS } from '@/i18n/code-labels'
import ar from '@/i18n/locales/ar.json'
import en from '@/i18n/locales/en.json'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([k, v]) =>
      typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flatten(v, `${prefix}${k}.`)),
    ),
  )
}

const enFlat = flatten(en as Tree)
const arFlat = flatten(ar as Tree)

/** The six plural categories i18next asks for in Arabic (it uses Intl.PluralRules('ar')). */
const ARABIC_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const

/** `x_one` + `x_other` in English: the base `x`, counted. */
const pluralBases = new Set(
  Object.keys(enFlat)
    .filter((k) => k.endsWith('_one') && `${k.slice(0, -4)}_other` in enFlat)
    .map((k) => k.slice(0, -4)),
)

function pluralBase(key: string): string | undefined {
  const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(key)
  return match?.[1] !== undefined && pluralBases.has(match[1]) ? match[1] : undefined
}

/** The keys Arabic must have: English's, with each counted key in all six forms. */
function expectedArabicKeys(): string[] {
  return Object.keys(enFlat)
    .flatMap((k) => {
      const base = pluralBase(k)
      if (base === undefined) return [k]
      return k.endsWith('_one') ? ARABIC_FORMS.map((form) => `${base}_${form}`) : []
    })
    .sort()
}

function placeholders(text: string): string[] {
  return (text.match(/\{\{[^}]+\}\}|\$t\([^)]*\)|<\/?\w+\s*\/?>/g) ?? []).sort()
}

/** Strings that are names, formats or symbols in every language. */
const SAME_IN_EVERY_LANGUAGE = new Set(['app.name', 'exports.formats.csv', 'exports.formats.xlsx'])

describe('the Arabic translation', () => {
  it('has every English key, each counted key in the six Arabic plural forms, and nothing else', () => {
    expect(Object.keys(arFlat).sort()).toEqual(expectedArabicKeys())
  })

  it('keeps the interpolations of English; only the count may be spelled out as a word', () => {
    for (const [key, text] of Object.entries(arFlat)) {
      const base = pluralBase(key)
      const source = enFlat[key] ?? (base === undefined ? undefined : enFlat[`${base}_other`])
      expect(source, key).toBeDefined()
      const expected = placeholders(source ?? '')
      const actual = placeholders(text)
      if (base === undefined) {
        expect(actual, key).toEqual(expected)
        continue
      }
      // "ملف واحد", "ملفان": the singular and dual forms may say the number in words
      const wordable = new Set(['{{count}}', '{{formatted}}'])
      const strip = (list: string[]) => list.filter((p) => !wordable.has(p))
      expect(strip(actual), key).toEqual(strip(expected))
      if (/_(few|many|other)$/.test(key)) {
        for (const p of expected.filter((x) => wordable.has(x))) expect(actual, key).toContain(p)
      }
    }
  })

  it('is written in Arabic with Western digits', () => {
    for (const [key, text] of Object.entries(arFlat)) {
      expect(text.trim(), key).not.toBe('')
      expect(text, key).not.toMatch(/[\u0660-\u0669\u06F0-\u06F9]/)
      const letters = text.replace(/\{\{[^}]+\}\}/g, '')
      if (!SAME_IN_EVERY_LANGUAGE.has(key) && /\p{L}/u.test(letters)) expect(letters, key).toMatch(/\p{Script=Arabic}/u)
    }
  })

  it('labels every code of every coded list', () => {
    const codes = (ar as Tree).codes as Record<string, Record<string, string>>
    for (const [list, values] of Object.entries(CODE_LISTS)) {
      for (const code of values) expect(codes[list]?.[code], `codes.${list}.${code}`).toMatch(/\p{Script=Arabic}/u)
    }
  })

  it('picks the Arabic plural form for each count', async () => {
    const i18n = i18next.createInstance()
    await i18n.init({ resources: { ar: { translation: ar } }, lng: 'ar', interpolation: { escapeValue: false } })
    const waiting = (count: number) => i18n.t('sync.waitingDetail', { count })
    expect(waiting(0)).toBe(arFlat['sync.waitingDetail_zero'])
    expect(waiting(1)).toBe('سجل واحد في انتظار الإرسال.')
    expect(waiting(2)).toBe('سجلّان في انتظار الإرسال.')
    expect(waiting(3)).toBe('3 سجلات في انتظار الإرسال.')
    expect(waiting(11)).toBe('11 سجلًّا في انتظار الإرسال.')
    expect(waiting(100)).toBe('100 سجل في انتظار الإرسال.')
    expect(i18n.t('cases.count', { count: 25, formatted: '25' })).toBe('25 ملفًا')
  })

  it('names the records waiting on a phone with one word wherever they are counted (سجل, not ملف: a case file)', async () => {
    const i18n = i18next.createInstance()
    await i18n.init({ resources: { ar: { translation: ar } }, lng: 'ar', interpolation: { escapeValue: false } })
    const counted = ['sync.waitingDetail', 'shell.signOutUnsent', 'auth.leftWork', 'sync.accountDisabled.waiting']
    for (const key of [...counted, 'shell.signOutAttention', 'auth.leftAttention']) {
      expect(i18n.t(key, { count: 3, name: 'Aïcha' }), key).toMatch(/^3 سجلات /)
      expect(i18n.t(key, { count: 2, name: 'Aïcha' }), key).toMatch(/^سجلّان /)
    }
  })
})
