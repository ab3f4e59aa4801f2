/**
 * "Carry a file to the server": anyone signed in picks a file a phone with no link wrote
 * and uploads it. The file is unreadable here; the answer is counts only, and the phone
 * that wrote it learns the details at its own next sync.
 */
import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useSession } from '@/components/app-context'
import type { CourierCounts } from '@/shared/schemas/courier'
import { looksLikeCourierFile, uploadCourierFile } from '@/sync/courier-upload'
import type { TransportFailure } from '@/sync/transport'
import { BusyButton } from '@/components/busy-button'

type State =
  { kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; counts: CourierCounts } | { kind: 'failed'; code: string }

/** The answer's codes a carrier can act on; anything else is "try again later". */
const KNOWN = [
  'not_a_file',
  'no_file',
  'invalid_courier_file',
  'unsealable',
  'sender_refused',
  'payload_too_large',
  'network',
]

function failureCode(failure: TransportFailure): string {
  if (failure.kind !== 'http') return 'network'
  return KNOWN.includes(failure.error) ? failure.error : 'server'
}

export function CourierUpload() {
  const { t } = useTranslation()
  const session = useSession()
  const inputId = useId()
  const input = useRef<HTMLInputElement>(null)
  const [state, setState] = useState<State>({ kind: 'idle' })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const file = input.current?.files?.[0]
    if (!file) return setState({ kind: 'failed', code: 'no_file' })
    setState({ kind: 'sending' })
    const text = await file.text().catch(() => '')
    if (!looksLikeCourierFile(text)) return setState({ kind: 'failed', code: 'not_a_file' })
    const outcome = await uploadCourierFile(text, session.token)
    setState(
      outcome.ok
        ? { kind: 'done', counts: outcome.value.counts }
        : { kind: 'failed', code: failureCode(outcome.failure) },
    )
  }

  const counts = state.kind === 'done' ? state.counts : null
  return (
    <section aria-labelledby="courier-title">
      <h1 id="courier-title">{t('courier.carryTitle')}</h1>
      <p>{t('courier.carryIntro')}</p>
      <form onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={inputId}>{t('courier.pickFile')}</label>
          <input id={inputId} ref={input} type="file" accept=".relais,application/json,application/octet-stream" />
        </div>
        <div className="form-actions">
          <BusyButton type="submit" className="primary" busy={state.kind === 'sending'}>
            {state.kind === 'sending' ? t('courier.sending') : t('courier.send')}
          </BusyButton>
        </div>
      </form>
      <div role="status" aria-live="polite">
        {counts && (
          <div className="saved-notice">
            <p>{t('courier.received')}</p>
            <ul>
              <li>{t('courier.countAccepted', { count: counts.applied + counts.merged + counts.conflict })}</li>
              <li>{t('courier.countRefused', { count: counts.rejected })}</li>
              <li>{t('courier.countAlready', { count: counts.duplicate })}</li>
            </ul>
            <p>{t('courier.receivedNext')}</p>
          </div>
        )}
      </div>
      {state.kind === 'failed' && (
        <p role="alert" className="form-problem">
          {t(`courier.errors.${state.code}`)}
        </p>
      )}
      <p>
        <Link to="/" className="standalone-link">
          {t('app.backHome')}
        </Link>
      </p>
    </section>
  )
}
