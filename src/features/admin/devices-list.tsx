/**
 * Devices (supervisors and admins): who uses each phone, its last contact in Niger
 * time, what waits on it as it said at its last push (records to send, the oldest one's
 * age, records needing attention), its last problem and app version; revoke a lost or
 * stolen one.
 * Phones silent longer than a chosen time (48 h unless changed) come first and say so.
 */
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '@/components/app-context'
import { formatDay, formatSiteTime } from '@/components/dates'
import { mayRevoke } from '@/shared/roles'
import type { DeviceSummary, RevokeMode } from '@/shared/schemas/devices'
import { ProblemMessage } from './problem-message'
import { ResultNotice, type Notice } from './result-notice'
import { RevokePanel } from './revoke-panel'
import { useAdminApi, useRemote } from './use-admin-api'
import './admin.css'
import { deviceProblem } from './device-problem'

/** The latest of the last push and the last pull. */
export function lastContact(device: DeviceSummary): string | null {
  const times = [device.lastPushAt, device.lastPullAt].filter((at): at is string => at !== null)
  return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null
}

/** Rows are (device, user) pairs: one phone shared by two users is two rows, revoked apart. */
const samePair = (a: DeviceSummary, b: DeviceSummary) => a.deviceId === b.deviceId && a.user.id === b.user.id

const contactTime = (device: DeviceSummary) => Date.parse(lastContact(device) ?? device.firstSeenAt)

/** How long without a push or pull before a phone stands out, in hours (the choice is kept on this browser). */
export const SILENCE_CHOICES = [24, 48, 72, 168] as const
const SILENCE_KEY = 'relais.devices.silentHours'
const HOUR_MS = 3_600_000

function storedSilence(): number {
  const stored = Number(globalThis.localStorage?.getItem(SILENCE_KEY))
  return (SILENCE_CHOICES as readonly number[]).includes(stored) ? stored : 48
}

/** Hours since a phone that is still in use last reached the server, when more than `limit`. */
export function silentHours(device: DeviceSummary, limit: number, now: number): number | undefined {
  if (device.revoked) return undefined
  const hours = (now - contactTime(device)) / HOUR_MS
  return hours > limit ? hours : undefined
}

/** How long the oldest change still waiting on the phone has waited, in ms (none: nothing waits, or not said). */
export function oldestWait(device: DeviceSummary, now: number): number | undefined {
  if (!device.oldestUnsentAt || device.pending === 0) return undefined
  return Math.max(0, now - Date.parse(device.oldestUnsentAt))
}

export function DevicesList() {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const api = useAdminApi()
  const { user: viewer } = useSession()
  const load = useCallback(() => api.listDevices(), [api])
  const { state, reload, update } = useRemote(load)
  const [notice, setNotice] = useState<Notice | null>(null)
  // "silent since" is counted from when the list was (re)loaded
  const [now, setNow] = useState(() => Date.now())
  const refresh = () => {
    setNotice(null)
    setNow(Date.now())
    reload()
  }
  const when = (iso: string) => t('admin.devices.at', { day: formatDay(iso, lang), time: formatSiteTime(iso) })
  // what waits on a phone is what it said at its last push, not now: "7 records, as of …"
  const reported = (device: DeviceSummary, value: string) =>
    device.lastPushAt ? t('admin.devices.asOf', { value, when: when(device.lastPushAt) }) : value
  const [silence, setSilence] = useState(storedSilence)
  const chooseSilence = (hours: number) => {
    setSilence(hours)
    globalThis.localStorage?.setItem(SILENCE_KEY, String(hours))
  }
  const silentFor = (device: DeviceSummary) => silentHours(device, silence, now)
  /** An age in words: hours below two days, then days ("3 days"). */
  const age = (ms: number) => {
    const hours = ms / HOUR_MS
    if (hours < 1) return t('admin.devices.underAnHour')
    return hours < 48
      ? t('admin.devices.hours', { count: Math.floor(hours) })
      : t('admin.devices.days', { count: Math.floor(hours / 24) })
  }
  const oldest = (device: DeviceSummary) => {
    const waited = oldestWait(device, now)
    if (waited !== undefined) return { text: age(waited), late: waited > silence * HOUR_MS }
    // a phone that reports the new figures sends its attention count with every push
    if (device.pending === 0 && device.attention != null) {
      return { text: t('admin.devices.nothingWaiting'), late: false }
    }
    return { text: t('admin.devices.unknown'), late: false }
  }
  // silent phones first, the longest silent first; then the most recent contact
  const ordered =
    state.status === 'ok'
      ? [...state.value].sort((a, b) => {
          const silentA = silentFor(a) !== undefined
          const silentB = silentFor(b) !== undefined
          if (silentA !== silentB) return silentA ? -1 : 1
          return silentA ? contactTime(a) - contactTime(b) : contactTime(b) - contactTime(a)
        })
      : []
  const silentCount = ordered.filter((d) => silentFor(d) !== undefined).length

  const revoked = useCallback(
    (device: DeviceSummary, mode: RevokeMode, at: string) => {
      update((list) => list.map((d) => (samePair(d, device) ? { ...d, revoked: { mode, at } } : d)))
      // the phone named when it has a name: the user may have others, still active
      const text = device.deviceName
        ? t(`admin.devices.revokedNoticeNamed.${mode}`, { name: device.user.name, phone: device.deviceName })
        : t(`admin.devices.revokedNotice.${mode}`, { name: device.user.name })
      setNotice({ kind: 'ok', text })
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
      <div className="field">
        <label htmlFor="devices-silence">{t('admin.devices.silentAfter')}</label>
        <select id="devices-silence" value={silence} onChange={(e) => chooseSilence(Number(e.target.value))}>
          {SILENCE_CHOICES.map((hours) => (
            <option key={hours} value={hours}>
              {hours % 24 === 0
                ? t('admin.devices.days', { count: hours / 24 })
                : t('admin.devices.hours', { count: hours })}
            </option>
          ))}
        </select>
      </div>
      {state.status === 'ok' && silentCount > 0 && (
        <p className="silent-summary" role="status">
          <span aria-hidden="true">⚠ </span>
          {t('admin.devices.silentCount', { count: silentCount })}
        </p>
      )}
      <ResultNotice notice={notice} />
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'problem' && <ProblemMessage problem={state.problem} onRetry={refresh} />}
      {state.status === 'ok' && state.value.length === 0 && <p>{t('admin.devices.empty')}</p>}
      {state.status === 'ok' && state.value.length > 0 && (
        <ul aria-labelledby="devices-title">
          {ordered.map((device) => {
            const contact = lastContact(device)
            const silent = silentFor(device)
            // waiting longer than the silence limit stands out too: sync runs, but this does not leave
            const wait = oldest(device)
            const headingId = `device-${device.deviceId}-${device.user.id}`
            return (
              <li
                key={`${device.deviceId}:${device.user.id}`}
                className={`record-row${device.revoked ? ' is-disabled' : ''}${silent === undefined ? '' : ' is-silent'}`}
              >
                <h2 className="record-title" id={headingId}>
                  {device.deviceName ? `${device.deviceName} · ${device.user.name}` : device.user.name}
                </h2>
                {silent !== undefined && (
                  <p className="silent-warning">
                    <span aria-hidden="true">⚠ </span>
                    {silent >= 48
                      ? t('admin.devices.silentDays', { count: Math.floor(silent / 24) })
                      : t('admin.devices.silentHours', { count: Math.floor(silent) })}
                  </p>
                )}
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
                      : reported(device, t('admin.devices.changesCount', { count: device.pending }))}
                  </dd>
                  <dt>{t('admin.devices.attention')}</dt>
                  <dd>
                    {device.attention == null
                      ? t('admin.devices.unknown')
                      : reported(
                          device,
                          device.attention === 0
                            ? t('admin.devices.noAttention')
                            : t('admin.devices.recordCount', { count: device.attention }),
                        )}
                  </dd>
                  <dt>{t('admin.devices.oldestUnsent')}</dt>
                  <dd className={wait.late ? 'late-word' : undefined}>
                    {wait.late && <span aria-hidden="true">⚠ </span>}
                    {wait.text}
                  </dd>
                  <dt>{t('admin.devices.lastError')}</dt>
                  <dd>
                    {device.lastError
                      ? `${deviceProblem(t, device.lastError)}${device.lastErrorAt ? ` (${when(device.lastErrorAt)})` : ''}`
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
                {!device.revoked &&
                  (mayRevoke(viewer, device.user) ? (
                    <RevokePanel device={device} labelledBy={headingId} onRevoked={revoked} />
                  ) : (
                    <p className="hint">{t('admin.devices.adminRevokes')}</p>
                  ))}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
