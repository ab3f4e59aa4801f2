/**
 * One open conflict, field by field: for each field the phone and the server disagree
 * on, the phone's value and the server's, with the field's label in the user's language;
 * the supervisor picks one per field, or keeps one side whole. The server makes the record
 * from the choices and stores it as a new version every phone pulls. A deletion is chosen whole. A refusal
 * takes focus (the button that sent was disabled meanwhile, and a disabled button loses it).
 */
import { useEffect, useRef, useState, type Ref } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import { ErrorSummary } from '@/components/error-summary'
import { rejectionReasons } from '@/components/rejection-reasons'
import { useStaffName } from '@/components/use-staff'
import { differingFields, type FieldSide } from '@/shared/conflict-fields'
import type { Conflict } from '@/shared/schemas/conflicts'
import type { FieldError } from '@/shared/schemas/sync'
import type { AdminProblem, AdminResult } from '@/sync/admin-api'
import { fieldLabel, fieldValue } from './field-value'
import { problemKey } from './problem-words'
import { useProblemsApi } from './use-problems'

interface Props {
  conflict: Conflict
  onResolved(id: string): void
}

export function ConflictChoice({ conflict, onResolved }: Props) {
  const { t, i18n } = useTranslation()
  const api = useProblemsApi()
  const [choices, setChoices] = useState<Record<string, FieldSide>>({})
  const [attempt, setAttempt] = useState(0)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<AdminProblem | null>(null)
  const [refusals, setRefusals] = useState(0)
  const problemBox = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (refusals > 0) problemBox.current?.focus()
  }, [refusals])
  const server = conflict.server.deleted ? null : conflict.server.data
  const incoming = conflict.incoming.op === 'delete' ? null : conflict.incoming.data
  const fields = server && incoming ? differingFields(server, incoming) : null
  const phoneName = conflict.incoming.user.name
  const directoryName = useStaffName()
  // the phone's user is named by the conflict itself, whoever the directory holds
  const staffName = (userId: string) =>
    userId === conflict.incoming.user.id ? conflict.incoming.user.name : directoryName(userId)
  const idOf = (field: string) => `conflict-${conflict.id}-${field}`
  const missing = (fields ?? []).filter((field) => choices[field.name] === undefined)
  const showMissing = attempt > 0

  const settle = async (call: Promise<AdminResult<unknown>>) => {
    setBusy(true)
    setProblem(null)
    const answer = await call
    setBusy(false)
    if (answer.ok) return onResolved(conflict.id)
    setProblem(answer.problem)
    setRefusals((n) => n + 1)
  }
  const submit = () => {
    setAttempt((n) => n + 1)
    if (missing.length > 0) return
    void settle(api.resolveByField(conflict.id, choices))
  }

  return (
    <div className="conflict-choice">
      <p>{t('problems.conflictIntro', { name: phoneName })}</p>
      {problem && <ResolveProblem problem={problem} ref={problemBox} />}
      {fields === null || fields.length === 0 ? (
        <>
          {conflict.incoming.op === 'delete' && <p>{t('problems.phoneDeleted')}</p>}
          {conflict.server.deleted && <p>{t('problems.serverDeleted')}</p>}
          {fields?.length === 0 && <p>{t('problems.sameAgain')}</p>}
          <div className="form-actions">
            <button type="button" disabled={busy} onClick={() => void settle(api.resolveWhole(conflict.id, 'server'))}>
              {t('problems.keepServer')}
            </button>
            {fields === null && (
              <button
                type="button"
                disabled={busy}
                onClick={() => void settle(api.resolveWhole(conflict.id, 'incoming'))}
              >
                {t('problems.applyPhone')}
              </button>
            )}
          </div>
        </>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            submit()
          }}
        >
          {showMissing && (
            <ErrorSummary
              attempt={attempt}
              items={missing.map((field) => ({
                id: `${idOf(field.name)}-incoming`,
                label: fieldLabel(t, i18n, field.name),
                message: t('problems.choiceMissing'),
              }))}
            />
          )}
          {fields.map((field) => {
            const label = fieldLabel(t, i18n, field.name)
            const unanswered = showMissing && choices[field.name] === undefined
            const errorId = `${idOf(field.name)}-error`
            const side = (which: FieldSide, value: unknown) => (
              <label className="choice">
                <input
                  type="radio"
                  id={`${idOf(field.name)}-${which}`}
                  name={idOf(field.name)}
                  value={which}
                  checked={choices[field.name] === which}
                  aria-describedby={unanswered ? errorId : undefined}
                  onChange={() => setChoices((c) => ({ ...c, [field.name]: which }))}
                />{' '}
                {/* the value isolated (bdi): a phone number's digit groups keep their order in Arabic;
                    the sentence one box beside the control, so that the value flows in its line
                    instead of standing as a column of its own, cut mid-word on a narrow screen */}
                <span>
                  <Trans
                    i18nKey={which === 'incoming' ? 'problems.phoneValue' : 'problems.serverValue'}
                    values={{
                      name: phoneName,
                      value: fieldValue(t, i18n, conflict.entity, field.name, value, staffName),
                    }}
                    components={{ value: <bdi /> }}
                  />
                </span>
              </label>
            )
            return (
              <fieldset
                key={field.name}
                className={unanswered ? 'choice-group has-error' : 'choice-group'}
                aria-invalid={unanswered || undefined}
              >
                <legend>{label}</legend>
                {unanswered && (
                  <p id={errorId} className="field-error">
                    {t('problems.choiceMissing')}
                  </p>
                )}
                {side('incoming', field.incoming)}
                {side('server', field.server)}
              </fieldset>
            )
          })}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('problems.saving') : t('problems.keep')}
            </button>
          </div>
        </form>
      )}
      {fields && fields.length > 0 && (
        // one side whole, without a choice per field (a phone's version that is right, or wrong, throughout)
        <div className="conflict-whole">
          <p>{t('problems.orWhole')}</p>
          <div className="form-actions">
            <button type="button" disabled={busy} onClick={() => void settle(api.resolveWhole(conflict.id, 'server'))}>
              {t('problems.keepServer')}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void settle(api.resolveWhole(conflict.id, 'incoming'))}
            >
              {t('problems.applyPhone')}
            </button>
          </div>
        </div>
      )}
    </div>
  )
}

/** Why a resolution was refused: a rule of the record the choices break, or the usual problems. */
function ResolveProblem({ problem, ref }: { problem: AdminProblem; ref: Ref<HTMLDivElement> }) {
  const { t } = useTranslation()
  if (problem.kind !== 'invalid') {
    return (
      <div className="form-problem" role="alert" tabIndex={-1} ref={ref}>
        <p>
          <span aria-hidden="true">⚠ </span>
          {t(problemKey(problem))}
        </p>
      </div>
    )
  }
  // choices that no longer fit (another resolution changed the record): the list is stale
  const stale = problem.issues.some((issue) => issue.code === 'choice_missing' || issue.code === 'not_in_conflict')
  const rules: FieldError[] = problem.issues.filter((issue) => issue.path[0] === 'data')
  return (
    <div className="form-problem" role="alert" tabIndex={-1} ref={ref}>
      <p>
        <span aria-hidden="true">⚠ </span>
        {stale ? t('problems.errors.stale') : t('problems.breaksRule')}
      </p>
      {!stale && (
        <ul>
          {rejectionReasons(t, rules).map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
