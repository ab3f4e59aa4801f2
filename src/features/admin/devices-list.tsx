/**
 * Devices (supervisors and admins): who uses each phone, its last contact in Niger
 * time, what waits on it, its last problem and app version; revoke a lost or stolen one.
 */
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDay, formatSiteTime } from '@/components/dates'
import type { DeviceSummary, RevokeMode } from '@/shared/schemas/devices'
import { ProblemMessage } from './problem-message'
import { ResultNotice, type Notice } from './result-notice'
import { RevokePanel } from './revoke-panel'
import { useAdminApi, useRemote } from './use-admin-api'
import './admin.css'

/** The latest of the last push and the last pull. */
export function lastContact(device: DeviceSummary): string | null {
  const times = [device.lastPushAt, device.lastPullAt].filter((at): at is string => at !== null)
  return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null
}

/** Rows are (device, user) pairs: one phone shared by two users is two rows, revoked apart. */
const samePair = (a: DeviceSummary, b: DeviceSummary) => a.deviceId === b.deviceId && a.user.id === b.user.id

const byLastContact = (a: DeviceSummary, b: DeviceSummary) =>
  Date.parse(lastContact(b) ?? b.firstSeenAt) - Date.parse(lastContact(a) ?? a.firstSeenAt)

export function DevicesList() {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const api = useAdminApi()
  const load = useCallback(() => api.listDevices(), [api])
  const { state, reload, update } = useRemote(load)
  const [notice, setNotice] = useState<Notice | null>(null)
  const refresh = () => {
    setNotice(null)
    reload()
  }
  const when = (iso: string) => t('admin.devices.at', { day: formatDay(iso, lang), time: formatSiteTime(iso) })

  const revoked = useCallback(
    (device: DeviceSummary, mode: RevokeMode, at: string) => {
      update((list) => list.map((d) => (samePair(d, device) ? { ...d, revoked: { mode, at } } : d)))
      setNotice({ kind: 'ok', text: t(`admin.devices.revokedNotice.${mode}`, { name: device.user.name }) })
    },
    [t, update],
  )

  return (
    <section aria-labelledby="devices-title" className="record-list admin">
      <div className="list-head">
        <h1 id="devices-title">{t('admin.devices.title')}</h1>
        {state.status !== 'loading' && (
          <button type="button" onClick={refresh}>
            {t('admin.devices.refresh')}
          </button>
        )}
      </div>
      <p className="hint">{t('admin.devices.timeZone')}</p>
      <ResultNotice notice={notice} />
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'problem' && <ProblemMessage problem={state.problem} onRetry={refresh} />}
      {state.status === 'ok' && state.value.length === 0 && <p>{t('admin.devices.empty')}</p>}
      {state.status === 'ok' && state.value.length > 0 && (
        <ul aria-labelledby="devices-title">
          {[...state.value].sort(byLastContact).map((device) => {
            const contact = lastContact(device)
            const headingId = `device-${device.deviceId}-${device.user.id}`
            return (
              <li
                key={`${device.deviceId}:${device.user.id}`}
                className={`record-row${device.revoked ? ' is-disabled' : ''}`}
              >
                <h2 className="record-title" id={headingId}>
                  {device.deviceName ? `${device.deviceName} · ${device.user.name}` : device.user.name}
                </h2>
                <dl className="device-facts">
                  <dt>{t('admin.devices.user')}</dt>
                  <dd>
                    {device.user.username} · {t(`codes.role.${device.user.role}`)}
                  </dd>
                  <dt>{t('admin.devices.lastContact')}</dt>
                  <dd>{contact ? when(contact) : t('admin.devices.never')}</dd>
                  <dt>{t('admin.devices.pending')}</dt>
                  <dd>
                    {device.pending === null
                      ? t('admin.devices.unknown')
                      : t('admin.devices.pendingCount', { count: device.pending })}
                  </dd>
                  <dt>{t('admin.devices.lastError')}</dt>
                  <dd>
                    {device.lastError
                      ? `${device.lastError}${device.lastErrorAt ? ` (${when(device.lastErrorAt)})` : ''}`
                      : t('admin.devices.noError')}
                  </dd>
                  <dt>{t('admin.devices.appVersion')}</dt>
                  <dd>{device.appVersion ?? t('admin.devices.unknown')}</dd>
                  <dt>{t('admin.devices.state')}</dt>
                  <dd className={device.revoked ? 'disabled-word' : undefined}>
                    {device.revoked ? (
                      <>
                        <span aria-hidden="true">⊘ </span>
                        {t(`admin.devices.revoked.${device.revoked.mode}`, { when: when(device.revoked.at) })}
                      </>
                    ) : (
                      t('admin.devices.active')
                    )}
                  </dd>
                </dl>
                {!device.revoked && <RevokePanel device={device} labelledBy={headingId} onRevoked={revoked} />}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
