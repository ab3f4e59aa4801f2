/**
 * A change refused from a phone since revoked (`deviceRevoked`): its content never reached
 * the server and the phone erases itself, so nobody can fix it. The entry says so, and a
 * supervisor closes it, after a confirmation, to take it off the list (audited on the
 * server). The question takes focus when it opens; Cancel, or a failure, gives it back
 * to the button that asked it.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BusyButton } from '@/components/busy-button'
import { useQuestionFocus } from '@/components/use-question-focus'
import type { RejectedRecord } from '@/shared/schemas/rejections'
import { problemKey } from './problem-words'
import { useProblemsApi } from './use-problems'

interface Props {
  record: RejectedRecord
  onClosed(): void
}

export function RevokedRefusal({ record, onClosed }: Props) {
  const { t } = useTranslation()
  const api = useProblemsApi()
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string>()
  const { question, opener, closeToOpener } = useQuestionFocus<HTMLParagraphElement>(asking, () => setAsking(false))

  const close = async () => {
    setBusy(true)
    setProblem(undefined)
    const answer = await api.closeRevokedRefusals([record.id])
    setBusy(false)
    if (!answer.ok) {
      closeToOpener()
      return setProblem(t(problemKey(answer.problem)))
    }
    if (answer.value.results.find((r) => r.id === record.id)?.status !== 'discarded') {
      closeToOpener()
      return setProblem(t('problems.errors.notFound'))
    }
    onClosed()
  }

  return (
    <div className="revoked-refusal">
      <p>{t('problems.refusedRevokedDetail', { name: record.user.name })}</p>
      {asking ? (
        <div role="group" aria-label={t('problems.revoked.close')}>
          <p tabIndex={-1} ref={question}>
            {t('problems.revoked.question', { name: record.user.name })}
          </p>
          <BusyButton busy={busy} onClick={() => void close()}>
            {t('problems.revoked.confirm')}
          </BusyButton>{' '}
          <button type="button" onClick={closeToOpener}>
            {t('problems.revoked.cancel')}
          </button>
        </div>
      ) : (
        <p>
          <button type="button" ref={opener} onClick={() => setAsking(true)}>
            {t('problems.revoked.close')}
          </button>
        </p>
      )}
      {busy && <p role="status">{t('problems.saving')}</p>}
      {problem && (
        <p className="form-problem" role="alert">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
    </div>
  )
}
