/**
 * "Save for a courier": writes every record still waiting to a file only the server can
 * read, for someone going towards a link to carry (sync/courier-file.ts). The records stay
 * on the phone until its own next sync gets the server's answers: a lost file loses nothing.
 */
import { useLiveQuery } from 'dexie-react-hooks'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb, useSession } from '@/components/app-context'
import { pendingCount } from '@/data/outbox'
import { cachedServerKey } from '@/session/session'
import { courierDue, courierFileName, oldestWaitingAt, writeCourierFile } from '@/sync/courier-file'
import { BusyButton } from '@/components/busy-button'

/** Hands the file to the person: a download by default (tests take the text). */
export type DeliverFile = (text: string, name: string) => void

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  // the browser has the file once the click is handled; the URL can go a little later
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

type Outcome =
  | { kind: 'saved'; name: string; count: number; left: number }
  | { kind: 'needs_server' }
  | { kind: 'nothing' }
  | { kind: 'failed' }

/** Whether records have waited more than three days, live (null while unknown). */
export function useCourierDue(now: () => Date = () => new Date()): boolean {
  const db = useDb()
  const oldest = useLiveQuery(() => oldestWaitingAt(db), [db])
  return courierDue(oldest ?? null, now())
}

export function CourierSave({
  deliver = download,
  now = () => new Date(),
}: {
  deliver?: DeliverFile
  now?: () => Date
}) {
  const { t } = useTranslation()
  const db = useDb()
  const session = useSession()
  // unknown while the first read runs: the button is usable then, and says so if nothing waits
  const waiting = useLiveQuery(() => pendingCount(db), [db])
  const due = useCourierDue(now)
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const save = async () => {
    if (busy) return
    setBusy(true)
    setOutcome(null)
    try {
      const serverKey = await cachedServerKey()
      // both come from a sign-in online: without them the server could not read or trust the file
      if (!serverKey || !session.pushToken) return setOutcome({ kind: 'needs_server' })
      const written = await writeCourierFile(db, {
        serverKey,
        deviceId: session.deviceId,
        sender: { userId: session.user.id, pushToken: session.pushToken },
        now,
      })
      if (!written) return setOutcome({ kind: 'nothing' })
      const name = courierFileName(session.user.sites[0], now())
      deliver(written.text, name)
      setOutcome({ kind: 'saved', name, count: written.count, left: written.left })
    } catch {
      setOutcome({ kind: 'failed' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="courier-save">
      {due && (
        <p className="notice">
          <span aria-hidden="true">⚠ </span>
          {t('courier.reminder')}
        </p>
      )}
      <BusyButton onClick={() => void save()} disabled={waiting === 0} busy={busy}>
        {busy ? t('courier.saving') : t('courier.save')}
      </BusyButton>
      <p className="hint">{t('courier.saveHint')}</p>
      <div role="status" aria-live="polite">
        {outcome?.kind === 'saved' && (
          <p className="saved-notice">
            {t('courier.saved', { name: outcome.name })} {t('courier.savedCount', { count: outcome.count })}{' '}
            {outcome.left > 0 && t('courier.savedLeft', { left: outcome.left })}
          </p>
        )}
        {outcome?.kind === 'nothing' && <p>{t('sync.nothingWaiting')}</p>}
      </div>
      {/* an alert is announced when it appears: none stands empty beside the panel's own */}
      {(outcome?.kind === 'needs_server' || outcome?.kind === 'failed') && (
        <p role="alert" className="form-problem">
          {t(outcome.kind === 'needs_server' ? 'courier.needsServer' : 'courier.saveFailed')}
        </p>
      )}
    </div>
  )
}
