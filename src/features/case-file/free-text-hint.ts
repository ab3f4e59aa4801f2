/**
 * Free text on an anonymous case: a hint under the field. A person who never consented
 * to keeping their personal data: write nothing that names them (what is written stays).
 * A person who withdrew consent: nothing written about them is kept any more; the server
 * stores such text as "—" (docs/api.md, withdrawal of consent), so the hint says so
 * rather than let the words vanish at the next sync.
 */
import { createContext, useContext } from 'react'
import { useTranslation } from 'react-i18next'
import type { LocalRecord } from '@/data/records'

/** Whether the case on screen had its consent withdrawn (a `consent_withdrawn` event): the case page says. */
export const ConsentWithdrawnContext = createContext(false)

export function useFreeTextHint(record: LocalRecord<'registration'>): string | undefined {
  const { t } = useTranslation()
  const withdrawn = useContext(ConsentWithdrawnContext)
  if (record.data.consentProcessing) return undefined
  return t(withdrawn ? 'caseFile.withdrawnTextHint' : 'caseFile.anonymousTextHint')
}
