/**
 * Every field a conflict can show has a label in every language, and values are said in
 * words (codes, countries, yes/no), so a supervisor never reads a raw key or code.
 */
import { describe, expect, it } from 'vitest'
import { knownKeys } from '@/data/server-version'
import { fieldLabel, fieldValue } from '@/features/problems/field-value'
import en from '@/i18n/locales/en.json'
import fr from '@/i18n/locales/fr.json'
import { i18n as i18next, setLanguage } from '@/i18n/i18n'
import { differingFields, applyFieldChoices } from '@/shared/conflict-fields'
import { ENTITIES } from '@/shared/schemas/entities'

describe('conflict fields in words', () => {
  it('labels every top-level field of every entity in English and French', () => {
    for (const [lang, locale] of [
      ['en', en],
      ['fr', fr],
    ] as const) {
      const labels = (locale as { problems: { fields: Record<string, string> } }).problems.fields
      for (const entity of ENTITIES) {
        const missing = [...knownKeys(entity)].filter((key) => typeof labels[key] !== 'string' || labels[key] === '')
        expect({ lang, entity, missing }).toEqual({ lang, entity, missing: [] })
      }
    }
  })

  it('says codes, countries and yes/no in the user’s language, and names an unknown field', async () => {
    await setLanguage('fr')
    const t = i18next.t.bind(i18next)
    expect(fieldLabel(t, i18next, 'caseStatus')).toBe('Statut du dossier')
    expect(fieldLabel(t, i18next, 'someNewField')).toBe('Autre champ (someNewField)')
    expect(fieldValue(t, i18next, 'registration', 'caseStatus', 'assisted')).toBe('Assisté')
    expect(fieldValue(t, i18next, 'registration', 'vulnerabilities', ['single_woman'])).not.toBe('single_woman')
    expect(fieldValue(t, i18next, 'registration', 'nationality', 'MLI')).toBe('Mali')
    expect(fieldValue(t, i18next, 'registration', 'consentSharing', false)).toBe('Non')
    expect(fieldValue(t, i18next, 'registration', 'occupation', undefined)).toBe('(vide)')
    expect(fieldValue(t, i18next, 'assistance', 'type', 'food')).not.toBe('food')
  })
})

describe('who wrote a record, in a conflict', () => {
  it('is named by the staff directory, never shown as an id', async () => {
    await setLanguage('ar')
    const t = i18next.t.bind(i18next)
    const names = (id: string) => (id === 'u-1' ? 'Aïcha Abdou' : t('app.unknownStaff'))
    expect(fieldValue(t, i18next, 'assistance', 'providedBy', 'u-1', names)).toBe('Aïcha Abdou')
    expect(fieldValue(t, i18next, 'caseEvent', 'by', 'u-9', names)).toBe('مستخدم من مركز آخر')
    expect(fieldValue(t, i18next, 'referral', 'sentBy', 'u-9')).toBe('مستخدم من مركز آخر')
    // a field of that name in another entity is not an author
    expect(fieldValue(t, i18next, 'registration', 'by', 'u-1', names)).toBe('u-1')
  })
})

describe('choosing per field', () => {
  const server = { id: 'r', updatedAt: 'a', caseStatus: 'assessed', occupation: 'Driver', sex: 'female' }
  const incoming = { id: 'r', updatedAt: 'b', caseStatus: 'assisted', phone: '+227', sex: 'female' }

  it('lists the fields that differ, never the metadata', () => {
    expect(differingFields(server, incoming).map((f) => f.name)).toEqual(['caseStatus', 'occupation', 'phone'])
  })

  it('makes the record from the sides chosen, leaving out what the chosen side lacks', () => {
    const made = applyFieldChoices(
      server,
      incoming,
      { caseStatus: 'incoming', occupation: 'incoming', phone: 'server' },
      'c',
    )
    expect(made).toEqual({ ok: true, data: { id: 'r', updatedAt: 'c', caseStatus: 'assisted', sex: 'female' } })
  })

  it('refuses a missing choice and a choice on a field both agree on', () => {
    const made = applyFieldChoices(server, incoming, { caseStatus: 'incoming', sex: 'server' }, 'c')
    expect(made.ok).toBe(false)
    if (made.ok) return
    expect(made.issues.map((i) => [i.path, i.code])).toEqual([
      [['fields', 'sex'], 'not_in_conflict'],
      [['fields', 'occupation'], 'choice_missing'],
      [['fields', 'phone'], 'choice_missing'],
    ])
  })

  it('takes a field named __proto__ as data, never as a prototype', () => {
    const hostile = JSON.parse('{"id":"r","__proto__":{"polluted":true}}') as Record<string, unknown>
    const made = applyFieldChoices({ id: 'r' }, hostile, { __proto__: 'incoming' } as never, 'c')
    // a plain object literal's __proto__ is no key: the choice is missing, nothing is polluted
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(made.ok).toBe(false)
    const choices = JSON.parse('{"__proto__":"incoming"}') as Record<string, 'incoming'>
    const again = applyFieldChoices({ id: 'r' }, hostile, choices, 'c')
    expect(again.ok && Object.hasOwn(again.data, '__proto__')).toBe(true)
    expect(again.ok && Object.getPrototypeOf(again.data)).toBe(Object.prototype)
  })
})
