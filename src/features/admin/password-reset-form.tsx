/**
 * A new password for someone else (admin): typed twice, checked with the shared rule.
 * The server also lifts a lock after wrong passwords, so the new one works at once.
 */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, type SummaryItem } from '@/components/error-summary'
import { sayMessage } from '@/components/field-message'
import { TextField } from '@/components/form-fields'
import { passwordChangeSchema, type User } from '@/shared/schemas/auth'
import { problemKey } from './problem-message'
import { ResultNotice, type Notice } from './result-notice'
import { useAdminApi } from './use-admin-api'
import { issuesToUserErrors } from './user-values'

type Field = 'password' | 'confirm'
const fieldId = (field: Field) => `reset-${field}`

export function PasswordResetForm({ user, onReset }: { user: User; onReset(): void }) {
  const { t } = useTranslation()
  const api = useAdminApi()
  const [values, setValues] = useState({ password: '', confirm: '' })
  const [attempt, setAttempt] = useState(0)
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)

  const parsed = passwordChangeSchema.safeParse({ password: values.password })
  const errors: Partial<Record<Field, string>> = {}
  if (attempt > 0) {
    if (!parsed.success) errors.password = issuesToUserErrors(parsed.error.issues, values).password
    if (values.confirm !== values.password)
      errors.confirm = values.confirm === '' ? 'form.required' : 'admin.reset.differ'
  }
  const labels: Record<Field, string> = { password: t('admin.reset.password'), confirm: t('admin.reset.confirm') }
  const summary: SummaryItem[] = (['password', 'confirm'] as const)
    .filter((f) => errors[f])
    .map((f) => ({ id: fieldId(f), label: labels[f], message: sayMessage(t, errors[f] as string) }))

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setNotice(null)
    if (!parsed.success || values.confirm !== values.password) {
      setAttempt((a) => a + 1)
      return
    }
    setSaving(true)
    const result = await api.resetPassword(user.id, parsed.data.password)
    setSaving(false)
    if (result.ok) {
      setValues({ password: '', confirm: '' }) // a passphrase does not linger on screen once set
      setAttempt(0)
      onReset()
      setNotice({ kind: 'ok', text: t('admin.reset.done', { name: user.name }) })
    } else {
      setNotice({ kind: 'problem', text: t(problemKey(result.problem)) })
    }
  }

  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }))
  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="reset-title">
      <h2 id="reset-title">{t('admin.reset.title')}</h2>
      <p className="hint">{t('admin.reset.explain')}</p>
      <ErrorSummary items={summary} attempt={attempt} />
      <TextField
        id={fieldId('password')}
        label={labels.password}
        hint={t('admin.users.passwordHint')}
        type="password"
        value={values.password}
        onChange={set('password')}
        error={errors.password ? sayMessage(t, errors.password) : undefined}
        autoComplete="new-password"
        required
      />
      <TextField
        id={fieldId('confirm')}
        label={labels.confirm}
        type="password"
        value={values.confirm}
        onChange={set('confirm')}
        error={errors.confirm ? sayMessage(t, errors.confirm) : undefined}
        autoComplete="new-password"
        required
      />
      <div className="form-actions">
        <button type="submit" disabled={saving}>
          {saving ? t('admin.sending') : t('admin.reset.submit')}
        </button>
      </div>
      <ResultNotice notice={notice} />
    </form>
  )
}
