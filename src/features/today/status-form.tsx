/**
 * Records that the FMP was closed, or open with nobody passing, for a period (an
 * fmpStatus record, synced like a tally). Opens on today as a whole day at the site;
 * every rule of the shared schema is said at its field, and nothing typed is cleared.
 */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb } from '@/components/app-context'
import { siteDay, siteInputToIso } from '@/components/dates'
import { FormStatus } from '@/components/form-status'
import { RadioGroup, TextField } from '@/components/form-fields'
import { saveRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import { newId } from '@/shared/ids'
import { FMP_STATUS_KINDS, fmpStatusSchema, type FmpStatus, type FmpStatusKind } from '@/shared/schemas/fmp-status'

interface StatusValues {
  kind: FmpStatusKind | ''
  from: string
  to: string
  reason: string
}

type StatusField = keyof StatusValues
type StatusErrors = Partial<Record<StatusField, string>>

const FIELDS: StatusField[] = ['kind', 'from', 'to', 'reason']

/** Today at the site, from midnight to the last minute. */
function wholeDay(kind: FmpStatusKind | '', now = new Date()): StatusValues {
  const day = siteDay(now)
  return { kind, from: `${day}T00:00`, to: `${day}T23:59`, reason: '' }
}

/** The translation key of a schema issue on a field. */
function issueKey(field: StatusField, issue: { code: string; params?: unknown }, raw: string): string {
  const rule = (issue.params as { rule?: unknown } | undefined)?.rule
  if (rule === 'period_order') return 'today.status.errors.periodOrder'
  if (rule === 'period_too_long') return 'today.status.errors.periodTooLong'
  if (rule === 'event_day') return 'today.status.errors.eventDay'
  if (raw.trim() === '' || issue.code === 'invalid_type') return field === 'reason' ? 'form.invalid' : 'form.required'
  return issue.code === 'too_big' ? 'form.tooLong' : 'form.invalid'
}

export function validateStatus(
  values: StatusValues,
  ctx: { id: string; siteCode: string; now: Date },
): { ok: true; data: FmpStatus } | { ok: false; errors: StatusErrors } {
  const at = ctx.now.toISOString()
  const reason = values.reason.trim()
  const candidate = {
    id: ctx.id,
    createdAt: at,
    updatedAt: at,
    siteCode: ctx.siteCode,
    kind: values.kind === '' ? undefined : values.kind,
    from: siteInputToIso(values.from),
    to: siteInputToIso(values.to),
    ...(reason === '' ? {} : { reason }),
  }
  const result = fmpStatusSchema.safeParse(candidate)
  if (result.success) return { ok: true, data: result.data }
  const errors: StatusErrors = {}
  for (const issue of result.error.issues) {
    const field = FIELDS.find((f) => f === issue.path[0]) ?? 'kind'
    errors[field] ??= issueKey(field, issue, values[field])
  }
  return { ok: false, errors }
}

export function StatusForm({ siteCode, onDone }: { siteCode: string; onDone(saved: boolean): void }) {
  const { t } = useTranslation()
  const db = useDb()
  const [values, setValues] = useState<StatusValues>(() => wholeDay(''))
  const [errors, setErrors] = useState<StatusErrors>({})
  const [attempt, setAttempt] = useState(0)
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const set = (field: StatusField) => (value: string) => setValues((v) => ({ ...v, [field]: value }))
  const error = (field: StatusField) => (errors[field] ? t(errors[field]) : undefined)
  const labels: Record<StatusField, string> = {
    kind: t('today.status.kind'),
    from: t('today.status.from'),
    to: t('today.status.to'),
    reason: t('today.status.reason'),
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setProblem(null)
    const result = validateStatus(values, { id: newId(), siteCode, now: new Date() })
    if (!result.ok) {
      setErrors(result.errors)
      setAttempt((a) => a + 1)
      return
    }
    setErrors({})
    setSaving(true)
    try {
      await saveRecord(db, 'fmpStatus', result.data)
    } catch (err) {
      // the schema was checked just above: this is storage failing (full, blocked)
      setSaving(false)
      setProblem(isQuotaError(err) ? 'form.storageFull' : 'form.invalid')
      setAttempt((a) => a + 1)
      return
    }
    onDone(true)
  }

  const summary = FIELDS.filter((f) => errors[f]).map((f) => ({
    id: `status-${f}`,
    label: labels[f],
    message: t(errors[f] as string),
  }))

  return (
    <form
      className="record-form status-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="status-title"
    >
      <h2 id="status-title">{t('today.status.title')}</h2>
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
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? t('form.saving') : t('today.status.save')}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          {t('today.status.cancel')}
        </button>
      </div>
    </form>
  )
}
