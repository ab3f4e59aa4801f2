/**
 * A refused record sent after its author lost access to the site (`kind: lost_site`), or
 * recorded at the centre its case left before the author's phone learnt of the transfer
 * (`keptBecause: case_moved`, said in its own words): the server kept it for a supervisor
 * of the site, who accepts it (it becomes the site's record, as the author's, and the
 * site's phones receive it) or discards it (its content is deleted), each after a
 * confirmation. A record the rules still refuse says
 * why, in words, and stays. The question names the record (the server's `subject`, as
 * the entry's heading does) and takes focus when it opens; Cancel, or a refusal, gives it
 * back to the button that asked it.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { rejectionReasons } from '@/components/rejection-reasons'
import type { DecidedWork, RejectedRecord } from '@/shared/schemas/rejections'
import { problemKey } from './problem-words'
import { useProblemsApi } from './use-problems'

interface Props {
  record: RejectedRecord
  /** What the record is about, in words (record-subject.tsx), when the server could say. */
  about?: ReactNode
  /** `what` was done: the screen's notice says so. */
  onDecided(what: 'accept' | 'discard'): void
}

type Step = 'idle' | 'accept' | 'discard'

export function LostSiteWork({ record, about, onDecided }: Props) {
  const { t } = useTranslation()
  const api = useProblemsApi()
  const [step, setStep] = useState<Step>('idle')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string[]>()
  const name = record.user.name
  const question = useRef<HTMLDivElement>(null)
  const acceptButton = useRef<HTMLButtonElement>(null)
  const discardButton = useRef<HTMLButtonElement>(null)
  const lastStep = useRef<Step>('idle')
  useEffect(() => {
    if (step !== 'idle') question.current?.focus()
    else if (lastStep.current !== 'idle')
      (lastStep.current === 'accept' ? acceptButton : discardButton).current?.focus()
    lastStep.current = step
  }, [step])

  const decide = async (what: 'accept' | 'discard') => {
    setBusy(true)
    setProblem(undefined)
    const answer =
      what === 'accept' ? await api.acceptLostSiteWork([record.id]) : await api.discardLostSiteWork([record.id])
    setBusy(false)
    setStep('idle')
    if (!answer.ok) return setProblem([t(problemKey(answer.problem))])
    const result: DecidedWork | undefined = answer.value.results.find((r) => r.id === record.id)
    if (result?.status === 'rejected') {
      return setProblem([t('problems.lostSite.stillRefused'), ...rejectionReasons(t, result.errors ?? [])])
    }
    if (result === undefined || result.status === 'not_found') return setProblem([t('problems.errors.notFound')])
    onDecided(what)
  }

  return (
    <div className="lost-site-work">
      <p>
        {t(record.keptBecause === 'case_moved' ? 'problems.lostSite.caseMovedDetail' : 'problems.lostSite.detail', {
          name,
        })}
      </p>
      {step === 'idle' && (
        <p>
          <button type="button" ref={acceptButton} disabled={busy} onClick={() => setStep('accept')}>
            {t('problems.lostSite.accept')}
          </button>{' '}
          <button type="button" ref={discardButton} disabled={busy} onClick={() => setStep('discard')}>
            {t('problems.lostSite.discard')}
          </button>
        </p>
      )}
      {step !== 'idle' && (
        <div role="group" aria-label={t(`problems.lostSite.${step}`)}>
          <div tabIndex={-1} ref={question}>
            {about && <p className="problem-subject">{about}</p>}
            <p>
              {t(step === 'accept' ? 'problems.lostSite.acceptQuestion' : 'problems.lostSite.discardQuestion', {
                name,
              })}
            </p>
          </div>
          <button type="button" disabled={busy} onClick={() => void decide(step)}>
            {t(step === 'accept' ? 'problems.lostSite.confirmAccept' : 'problems.lostSite.confirmDiscard')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setStep('idle')}>
            {t('problems.lostSite.cancel')}
          </button>
        </div>
      )}
      {busy && <p role="status">{t('problems.saving')}</p>}
      {problem && (
        <div className="form-problem" role="alert">
          {problem.map((line) => (
            <p key={line}>
              <span aria-hidden="true">⚠ </span>
              {line}
            </p>
          ))}
        </div>
      )}
    </div>
  )
}
