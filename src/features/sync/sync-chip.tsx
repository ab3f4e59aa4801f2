/**
 * The sync chip, on every screen: offline/online, how many records wait, when the last
 * sync succeeded (or that an update of the app is needed). Tapping it opens the panel:
 * progress while syncing, the last problem in plain words, and "Sync now" (or "Update").
 */
import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useSyncControl } from '@/components/app-context'
import { formatWhen } from '@/components/dates'
import { useSyncSummary, type SyncSummary } from './use-sync-summary'
import { syncErrorMessage } from './sync-errors'
import { UpdateNeeded } from './update-needed'
import { CourierSave } from './courier-save'
import { BusyButton } from '@/components/busy-button'

export function SyncChip() {
  const { t, i18n } = useTranslation()
  const summary = useSyncSummary()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const chip = useRef<HTMLButtonElement>(null)
  if (!summary) return null
  const { online, waiting, attention, status } = summary
  const lang = i18n.resolvedLanguage ?? 'fr'
  const last = status.updateRequired
    ? t('sync.updateChip')
    : status.lastSuccessAt
      ? t('sync.lastSync', { time: formatWhen(status.lastSuccessAt, lang) })
      : t('sync.neverSynced')
  const closeAndRefocus = () => {
    setOpen(false)
    chip.current?.focus()
  }
  return (
    // Escape, from the chip or within the panel, closes it as its Close button does (unless
    // something inside took that Escape first)
    <div
      className="sync"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open || e.defaultPrevented) return
        e.preventDefault()
        closeAndRefocus()
      }}
    >
      <button
        ref={chip}
        type="button"
        className={`sync-chip ${online ? 'is-online' : 'is-offline'}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-live="polite" aria-atomic="true" className="sync-chip-text">
          <span className="link-state">
            <span aria-hidden="true">{online ? '●' : '○'} </span>
            {online ? t('sync.online') : t('sync.offline')}
          </span>
          {' · '}
          <span className="waiting">{t('sync.waiting', { count: waiting })}</span>
          {attention > 0 && (
            <>
              {' · '}
              <span className="attention">
                <span aria-hidden="true">⚠ </span>
                {t('sync.attention', { count: attention })}
              </span>
            </>
          )}
          {' · '}
          <span className="last-sync">{last}</span>
        </span>
      </button>
      {open && (
        <SyncPanel
          id={panelId}
          summary={summary}
          onClose={() => setOpen(false)}
          // Close leaves the panel: focus goes back to the chip that opened it, not to the page's start
          onCloseButton={closeAndRefocus}
        />
      )}
    </div>
  )
}

interface SyncPanelProps {
  id: string
  summary: SyncSummary
  /** The panel closes as the user leaves for another screen. */
  onClose(): void
  /** The panel's own Close button. */
  onCloseButton(): void
}

function SyncPanel({ id, summary, onClose, onCloseButton }: SyncPanelProps) {
  const { t, i18n } = useTranslation()
  const sync = useSyncControl()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const { status, waiting } = summary
  const progress = status.running ? status.progress : null
  return (
    <section id={id} className="sync-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('sync.panelTitle')}</h2>
      <p>{waiting > 0 ? t('sync.waitingDetail', { count: waiting }) : t('sync.nothingWaiting')}</p>
      {status.running && (
        <div className="sync-progress" aria-live="polite">
          <label htmlFor={`${id}-progress`}>
            {progress ? t('sync.progress', { sent: progress.sent, total: progress.total }) : t('sync.syncing')}
          </label>
          <progress
            id={`${id}-progress`}
            aria-label={t('sync.progressLabel')}
            {...(progress && progress.total > 0 ? { value: progress.sent, max: progress.total } : {})}
          />
        </div>
      )}
      {status.updateRequired ? (
        <UpdateNeeded required={status.updateRequired} />
      ) : (
        <SyncProblem status={status} attention={summary.attention} lang={lang} />
      )}
      <div className="actions">
        {!status.updateRequired && (
          <BusyButton className="primary" onClick={() => void sync.syncNow('manual')} busy={status.running}>
            {t('sync.syncNow')}
          </BusyButton>
        )}
        <button type="button" onClick={onCloseButton}>
          {t('sync.close')}
        </button>
      </div>
      {/* no link for days: a file someone carries to the server; and the other way, a file carried here */}
      <h3>{t('courier.panelTitle')}</h3>
      <CourierSave />
      <p>
        <Link to="/courier" onClick={onClose} className="standalone-link">
          {t('courier.carryLink')}
        </Link>
      </p>
    </section>
  )
}

/**
 * The last problem in plain words, and when the next try is. Records that need attention
 * are a problem too: while one is open the panel never says there is none.
 */
function SyncProblem({ status, attention, lang }: { status: SyncSummary['status']; attention: number; lang: string }) {
  const { t } = useTranslation()
  return (
    <>
      {attention > 0 && (
        <p className="sync-problem">
          <span aria-hidden="true">⚠ </span>
          {t('sync.attentionDetail', { count: attention })} <Link to="/attention">{t('attention.see')}</Link>
        </p>
      )}
      <p className={status.lastError ? 'sync-problem' : undefined}>
        {status.lastError ? (
          <>
            <span aria-hidden="true">⚠ </span>
            {t('sync.lastProblem', {
              time: formatWhen(status.lastError.at, lang),
              message: syncErrorMessage(t, status.lastError),
            })}
          </>
        ) : status.lastAttemptAt && attention === 0 ? (
          t('sync.noProblem')
        ) : null}
      </p>
      {status.nextRetryAt && !status.running && (
        <p>{t('sync.nextRetry', { time: formatWhen(status.nextRetryAt, lang) })}</p>
      )}
    </>
  )
}
