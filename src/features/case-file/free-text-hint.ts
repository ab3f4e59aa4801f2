/**
 * Free text on an anonymous case (the person refused or withdrew consent to keeping
 * their personal data): a hint under the field not to write who they are. A withdrawal
 * blanks the free text written before it; what is written after it stays, so the words
 * must not name the person.
 */
import { useTranslation } from 'react-i18next'
import type { LocalRecord } from '@/data/records'

export function useFreeTextHint(record: LocalRecord<'registration'>): string | undefined {
  const { t } = useTranslation()
  return record.data.consentProcessing ? undefined : t('caseFile.anonymousTextHint')
}
