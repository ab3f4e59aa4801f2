/**
 * A case the server refused because another case already holds its number
 * (`case_number_taken`: a phone restored from a copy, or a client that took the number
 * first). No edit of the case could fix that, so the case would wait on the phone for
 * ever: here the registrar gives it the next number of this phone and writes that one on
 * the person's card. Offered only while the server has never taken the case: once it
 * has, its number is its own.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb, useSession } from '@/components/app-context'
import type { LocalRecord } from '@/data/records'
import { renumberCase } from '@/features/registration/save-case'
import { canNumberCases } from '@/cases/case-number'
import { BusyButton } from '@/components/busy-button'

/** Whether the server refused this case, never taken, for its number alone being another case's. */
export function isNumberTaken(record: LocalRecord<'registration'>): boolean {
  return (
    record.state === 'rejected' &&
    record.syncedRev === 0 &&
    (record.errors ?? []).some((e) => e.code === 'case_number_taken')
  )
}

export function CaseNumberTaken({
  record,
  onRenumbered,
}: {
  record: LocalRecord<'registration'>
  onRenumbered(caseNumber: string): void
}) {
  const { t } = useTranslation()
  const db = useDb()
  const { caseCode } = useSession()
  const [failed, setFailed] = useState(false)
  const [busy, setBusy] = useState(false)
  const canNumber = canNumberCases(record.data.siteCode, caseCode)

  async function renumber() {
    if (!canNumber || busy) return
    setBusy(true)
    setFailed(false)
    try {
      const saved = await renumberCase(db, record.data, caseCode)
      if (saved.caseNumber) onRenumbered(saved.caseNumber)
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="notice case-number-taken" role="group" aria-labelledby="case-number-taken-text">
      <p id="case-number-taken-text">{t('caseFile.numberTaken.why')}</p>
      {canNumber ? (
        <BusyButton className="primary" busy={busy} onClick={() => void renumber()}>
          {t('caseFile.numberTaken.renumber')}
        </BusyButton>
      ) : (
        <p className="hint">{t('caseFile.numberTaken.noCode')}</p>
      )}
      {failed && (
        <p className="field-error" role="alert">
          {t('caseFile.numberTaken.failed')}
        </p>
      )}
    </div>
  )
}
