/**
 * What the sync panel says when the server no longer serves this version of the app
 * (426 `app_update_required`): in the user's words, that a newer Relais is needed, that
 * nothing saved on the phone is lost, and a button that gets the update.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SyncStatus } from '@/data/sync-status'
import { updateApp } from './update-app'
import { BusyButton } from '@/components/busy-button'

export function UpdateNeeded({ required }: { required: NonNullable<SyncStatus['updateRequired']> }) {
  const { t } = useTranslation()
  const [updating, setUpdating] = useState(false)
  const update = () => {
    setUpdating(true)
    // on success the page reloads; if it cannot (offline), the button is offered again
    updateApp().finally(() => setUpdating(false))
  }
  return (
    <div className="sync-problem update-needed" role="alert">
      <p>
        <strong>{t('sync.updateNeeded')}</strong> {t('sync.updateKept')}
      </p>
      {required.minAppVersion && <p>{t('sync.updateMinimum', { version: required.minAppVersion })}</p>}
      <BusyButton className="primary" onClick={update} busy={updating}>
        {updating ? t('sync.updating') : t('sync.updateNow')}
      </BusyButton>
    </div>
  )
}
