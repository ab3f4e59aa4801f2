/** How the Needs attention list names a record: its case number or name, else its kind and day. */
import type { TFunction } from 'i18next'
import { formatDay } from '@/components/dates'
import type { AttentionItem } from '@/data/attention'
import { KEPT_FOR_CASE_SITE, NO_LONGER_KEPT } from '@/shared/kept-work'

export function recordLabel(t: TFunction, item: AttentionItem, lang: string): string {
  const data = item.data as unknown as Record<string, unknown>
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined)
  const day = (key: string) => formatDay(text(key) ?? item.localUpdatedAt, lang)
  switch (item.entity) {
    case 'registration': {
      const number = text('caseNumber')
      if (number) return t('attention.label.caseNumber', { number })
      const name = [text('givenName'), text('familyName')].filter(Boolean).join(' ')
      if (name) return t('attention.label.named', { name })
      return t('attention.label.registration', { day: day('registeredOn') })
    }
    case 'assistance':
      return t('attention.label.assistance', { day: day('providedOn') })
    case 'referral':
      return t('attention.label.referral', { day: day('sentOn') })
    case 'flowCount':
      return t('attention.label.flowCount', { day: day('observedAt') })
    default:
      return t('attention.label.other', { entity: t(`attention.entity.${item.entity}`), day: day('updatedAt') })
  }
}

/** Where a record is fixed: its form, or the case it belongs to; undefined when no screen edits it. */
export function fixPath(item: AttentionItem): string | undefined {
  const data = item.data as unknown as Record<string, unknown>
  const id = encodeURIComponent(item.recordId)
  switch (item.entity) {
    case 'registration':
      return `/cases/${id}/edit`
    case 'assistance':
    case 'referral':
      return typeof data.registrationId === 'string' ? `/cases/${encodeURIComponent(data.registrationId)}` : undefined
    case 'flowCount':
      return `/tally/${id}`
    // a timeline entry is written once and never edited: a refused one can only be discarded
    default:
      return undefined
  }
}

/**
 * Refusals no edit can cure: the record is not the user's to send (another site, another
 * kind), or the server kept it for a supervisor, who decides (or decided) it.
 */
const NOT_FIXABLE = new Set(['unavailable', 'forbidden', 'entity_mismatch', KEPT_FOR_CASE_SITE, ...NO_LONGER_KEPT])

export function fixable(item: AttentionItem): boolean {
  return item.errors.length === 0 || item.errors.some((error) => !NOT_FIXABLE.has(error.code))
}
