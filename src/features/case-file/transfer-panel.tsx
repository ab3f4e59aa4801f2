/**
 * Transfers a case to another transit centre (any active one, not only the user's):
 * pick the centre, then confirm in plain words what happens to the case on this phone.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb, useSession } from '@/components/app-context'
import { SelectField } from '@/components/form-fields'
import { useSites } from '@/components/use-records'
import type { LocalRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import { transferCase } from './case-actions'

interface Props {
  record: LocalRecord<'registration'>
  onSaved(toSite: string): void
  onCancel(): void
}

export function TransferPanel({ record, onSaved, onCancel }: Props) {
  const { t } = useTranslation()
  const db = useDb()
  const { user } = useSession()
  const sites = useSites()
  const [toSite, setToSite] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const centres = (sites ?? []).filter(
    (s) => s.kind === 'transit_centre' && s.active && s.code !== record.data.siteCode,
  )
  const centreName = centres.find((s) => s.code === toSite)?.name ?? toSite

  async function confirm() {
    setSaving(true)
    try {
      await transferCase(db, record, toSite, { userId: user.id, role: user.role })
      onSaved(toSite)
    } catch (e) {
      setSaving(false)
      setError(isQuotaError(e) ? 'form.storageFull' : 'form.invalid')
    }
  }

  return (
    <section className="case-panel" aria-labelledby="transfer-title">
      <h2 id="transfer-title" tabIndex={-1}>
        {t('caseFile.transfer')}
      </h2>
      {error && (
        <p className="form-problem" role="alert">
          {t(error)}
        </p>
      )}
      {!confirming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (toSite === '') setError('caseFile.errors.chooseCentre')
            else {
              setError(null)
              setConfirming(true)
            }
          }}
          noValidate
        >
          <SelectField
            id="transfer-site"
            label={t('caseFile.transferTo')}
            value={toSite}
            onChange={(v) => {
              setToSite(v)
              setError(null)
            }}
            options={centres.map((s) => ({ value: s.code, label: s.name }))}
            error={error === 'caseFile.errors.chooseCentre' ? t(error) : undefined}
            required
          />
          <div className="form-actions">
            <button type="submit" className="primary">
              {t('caseFile.transferNext')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('caseFile.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div role="group" aria-labelledby="transfer-confirm-text">
          <p id="transfer-confirm-text" className="notice">
            {t('caseFile.transferConfirmText', { centre: centreName })}
          </p>
          <div className="form-actions">
            <button type="button" className="primary" disabled={saving} onClick={() => void confirm()}>
              {saving ? t('form.saving') : t('caseFile.transferConfirm', { centre: centreName })}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('caseFile.back')}
            </button>
          </div>
        </div>
      )}
    </section>
  )
}
