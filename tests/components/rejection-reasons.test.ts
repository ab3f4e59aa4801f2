/**
 * A refusal reads in the user's words: every rule the server publishes beside its schema
 * (GET /api/v1/schema) has a sentence on the phone, never the "rule this version does
 * not know" fallback.
 */
import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { rejectionReasons } from '@/components/rejection-reasons'
import en from '@/i18n/locales/en.json'
import { ENTITIES } from '@/shared/schemas/entities'
import { ENTITY_RULES } from '@/shared/schemas/entity-rules'

const codes = [...new Set(ENTITIES.flatMap((entity) => ENTITY_RULES[entity].map((rule) => rule.code)))]

describe('rejectionReasons', () => {
  it.each(codes)('says %s in words', async (code) => {
    const i18n = i18next.createInstance()
    await i18n.init({ resources: { en: { translation: en } }, lng: 'en', initAsync: false })
    const [sentence] = rejectionReasons(i18n.t, [{ path: ['kind'], code }])
    expect(sentence).not.toBe(en.attention.unknownRule)
    expect(sentence).not.toMatch(/^state\.reasons\./)
  })
})
