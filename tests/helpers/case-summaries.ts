/** A sent registration's summary, as the phone's case index holds it (summarizeCase). */
import type { CaseSummary } from '@/cases/case-finder'
import { summarizeCase } from '@/cases/case-summary'
import type { LocalRecord } from '@/data/records'
import type { Registration } from '@/shared/schemas/registration'

export function summaryOf(data: Registration): CaseSummary {
  const record = {
    id: data.id,
    entity: 'registration',
    data,
    syncedRev: 1,
    state: 'sent',
    localUpdatedAt: data.updatedAt,
  }
  return summarizeCase(record as LocalRecord<'registration'>)
}
