/**
 * Records that the FMP was closed, or open with nobody passing, for a period (an
 * fmpStatus record, synced like a tally). Opens on today as a whole day at the site;
 * every rule is said at its field (status-values.ts), and nothing typed is cleared. A
 * period holding tallies of this phone is saved only once the monitor says so: a closed
 * post counts nobody, and no flow means nobody passed.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb } from '@/components/app-context'
import { sayMessage } from '@/components/field-message'
import { FormStatus } from '@/components/form-status'
import { RadioGroup, TextField } from '@/components/form-fields'
import { saveRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import { newId } from '@/shared/ids'
import { FMP_STATUS_KINDS, type FmpStatus, type FmpStatusKind } from '@/shared/schemas/fmp-status'
import {
  STATUS_FIELDS,
  talliesInPeriod,
  validateStatus,
  wholeDay,
  type StatusErrors,
  type StatusField,
  type StatusValues,
} from './status-values'
import { BusyButton } from '@/components/busy-button'

export function StatusForm({ siteCode, onDone }: { siteCode: string; onDone(saved: boolean): void }) {
  const { t } = useTranslation()
  const db = useDb()
  const [values, setValues] = useState<StatusValues>(() => wholeDay(''))
  const [errors, setErrors] = useState<StatusErrors>({})
  const [attempt, setAttempt] = useState(0)
  const [problem, setProblem] = useState<string | null>(null)
  // checking the period's tallies, then saving: a second tap meanwhile does nothing
  const [busy, setBusy] = useState<'checking' | 'saving' | null>(null)
  /** Tallies of this phone in the period last checked: saved only if the monitor says so. */
  const [overlap, setOverlap] = useState<{ count: number; kind: FmpStatusKind } | null>(null)
  const busyRef = useRef(false)
  // opened by a button that is now gone: the form's title takes focus, read out first
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const set = (field: StatusField) => (value: string) => {
    setOverlap(null) // it spoke of the values before
    setValues((v) => ({ ...v, [field]: value }))
  }
  const error = (field: StatusField) => (errors[field] ? sayMessage(t, errors[field]) : undefined)
  const labels: Record<StatusField, string> = {
    kind: t('today.status.kind'),
    from: t('today.status.from'),
    to: t('today.status.to'),
    reason: t('today.status.reason'),
  }

  async function submit(event?: FormEvent, anyway = false) {
    event?.preventDefault()
    if (busyRef.current) return
    setProblem(null)
    const result = validateStatus(values, { id: newId(), siteCode, now: new Date() })
    if (!result.ok) {
      setOverlap(null)
      setErrors(result.errors)
      setAttempt((a) => a + 1)
      return
    }
    setErrors({})
    busyRef.current = true
    try {
      if (!anyway) {
        setBusy('checking')
        // a read that fails holds up no save: the warning is a help, not a rule
        const count = await talliesInPeriod(db, result.data).catch(() => 0)
        if (count > 0) {
          setOverlap({ count, kind: result.data.kind })
          return
        }
      }
      setBusy('saving')
      await save(result.data)
    } finally {
      busyRef.current = false
      setBusy(null)
    }
  }

  async function save(status: FmpStatus) {
    try {
      await saveRecord(db, 'fmpStatus', status)
    } catch (err) {
      // the schema was checked just above: this is storage failing (full, blocked)
      setProblem(isQuotaError(err) ? 'form.storageFull' : 'form.invalid')
      setAttempt((a) => a + 1)
      return
    }
    onDone(true)
  }

  /** Back to the period, to change it. */
  function checkPeriod() {
    setOverlap(null)
    document.getElementById('status-from')?.focus()
  }

  const summary = STATUS_FIELDS.filter((f) => errors[f]).map((f) => ({
    id: `status-${f}`,
    label: labels[f],
    message: sayMessage(t, errors[f] as string),
  }))

  return (
    <form
      className="record-form status-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="status-title"
    >
      <h2 id="status-title" ref={heading} tabIndex={-1}>
        {t('today.status.title')}
      </h2>
      <FormStatus draftRestored={false} summary={summary} attempt={attempt} problem={problem} />
      <RadioGroup
        id="status-kind"
        label={labels.kind}
        value={values.kind}
        onChange={set('kind')}
        options={FMP_STATUS_KINDS.map((kind) => ({ value: kind, label: t(`today.status.kinds.${kind}`) }))}
        error={error('kind')}
        required
      />
      <TextField
        id="status-from"
        type="datetime-local"
        label={labels.from}
        value={values.from}
        onChange={set('from')}
        error={error('from')}
        required
      />
      <TextField
        id="status-to"
        type="datetime-local"
        label={labels.to}
        value={values.to}
        onChange={set('to')}
        error={error('to')}
        hint={t('today.status.toHint')}
        required
      />
      <TextField
        id="status-reason"
        label={labels.reason}
        value={values.reason}
        onChange={set('reason')}
        error={error('reason')}
      />
      {overlap ? (
        <div role="alertdialog" aria-labelledby="status-overlap" className="notice status-overlap">
          <p id="status-overlap">
            <span aria-hidden="true">⚠ </span>
            {t(`today.status.overlap.${overlap.kind}`, { count: overlap.count })}
          </p>
          <div className="form-actions">
            <button type="button" className="button primary" onClick={() => void submit(undefined, true)}>
              {busy === 'saving' ? t('form.saving') : t('today.status.saveAnyway')}
            </button>
            <button type="button" className="button" onClick={checkPeriod} autoFocus>
              {t('today.status.checkPeriod')}
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <BusyButton type="submit" className="button primary" busy={busy !== null}>
            {busy === 'saving' ? t('form.saving') : t('today.status.save')}
          </BusyButton>
          <button type="button" className="button" onClick={() => onDone(false)}>
            {t('today.status.cancel')}
          </button>
        </div>
      )}
    </form>
  )
}
