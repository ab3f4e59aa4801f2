/** The person withdraws consent: says what is erased and what stays, then makes the case anonymous. */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb, useSession } from '@/components/app-context'
import type { LocalRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import { withdrawConsent } from './case-actions'
import { BusyButton } from '@/components/busy-button'

export function WithdrawConsentPanel({
  record,
  onSaved,
  onCancel,
}: {
  record: LocalRecord<'registration'>
  onSaved(): void
  onCancel(): void
}) {
  const { t } = useTranslation()
  const db = useDb()
  const { user } = useSession()
  const [saving, setSaving] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  async function confirm() {
    setSaving(true)
    try {
      await withdrawConsent(db, record, { userId: user.id, role: user.role })
      onSaved()
    } catch (error) {
      setSaving(false)
      setProblem(isQuotaError(error) ? 'form.storageFull' : 'form.invalid')
    }
  }

  return (
    <section className="case-panel" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title" tabIndex={-1}>
        {t('caseFile.withdraw.title')}
      </h2>
      {problem && (
        <p className="form-problem" role="alert">
          {t(problem)}
        </p>
      )}
      <p>{t('caseFile.withdraw.erased')}</p>
      <p>{t('caseFile.withdraw.kept')}</p>
      <p className="notice">{t('caseFile.withdraw.final')}</p>
      <div className="form-actions">
        <BusyButton className="danger" busy={saving} onClick={() => void confirm()}>
          {saving ? t('form.saving') : t('caseFile.withdraw.confirm')}
        </BusyButton>
        <button type="button" onClick={onCancel}>
          {t('caseFile.cancel')}
        </button>
      </div>
    </section>
  )
}
