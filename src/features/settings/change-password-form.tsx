/**
 * The signed-in user changes their own passphrase: the current one, the new one twice.
 * Online only (the server checks the current one); once accepted, this phone's vault is
 * re-wrapped at once, so that the next offline unlock takes the new passphrase.
 */
import { useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '@/components/app-context'
import { ErrorSummary, type SummaryItem } from '@/components/error-summary'
import { sayMessage, tooBigMessage } from '@/components/field-message'
import { TextField } from '@/components/form-fields'
import { useBrowserOnline } from '@/components/use-online'
import { problemKey } from '@/features/admin/problem-message'
import { ResultNotice, type Notice } from '@/features/admin/result-notice'
import { issuesToUserErrors } from '@/features/admin/user-values'
import { passwordChangeSchema } from '@/shared/schemas/auth'
import { createAdminApi } from '@/sync/admin-api'
import { BusyButton } from '@/components/busy-button'

type Field = 'currentPassword' | 'password' | 'confirm'
const FIELDS: readonly Field[] = ['currentPassword', 'password', 'confirm']
const fieldId = (field: Field) => `own-password-${field}`
const EMPTY: Record<Field, string> = { currentPassword: '', password: '', confirm: '' }

export function ChangePasswordForm({ changePassphrase }: { changePassphrase(newPassphrase: string): Promise<void> }) {
  const { t } = useTranslation()
  const { user, token } = useSession()
  const api = useMemo(() => createAdminApi({ getToken: () => token }), [token])
  const [values, setValues] = useState(EMPTY)
  const [attempt, setAttempt] = useState(0)
  const [saving, setSaving] = useState(false)
  const [wrongCurrent, setWrongCurrent] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)
  const online = useBrowserOnline()

  const parsed = passwordChangeSchema.safeParse({
    currentPassword: values.currentPassword,
    password: values.password,
  })
  const errors: Partial<Record<Field, string>> = {}
  if (attempt > 0) {
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'currentPassword' && !errors.currentPassword)
          errors.currentPassword = values.currentPassword === '' ? 'form.required' : tooBigMessage(issue)
      }
      const password = issuesToUserErrors(
        parsed.error.issues.filter((i) => i.path[0] === 'password'),
        values,
      ).password
      if (password) errors.password = password
    }
    if (values.confirm !== values.password)
      errors.confirm = values.confirm === '' ? 'form.required' : 'settings.password.differ'
  }
  if (wrongCurrent && !errors.currentPassword) errors.currentPassword = 'settings.password.wrongCurrent'
  const labels: Record<Field, string> = {
    currentPassword: t('settings.password.current'),
    password: t('settings.password.new'),
    confirm: t('settings.password.confirm'),
  }
  const summary: SummaryItem[] = FIELDS.filter((f) => errors[f]).map((f) => ({
    id: fieldId(f),
    label: labels[f],
    message: sayMessage(t, errors[f] as string),
  }))

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setNotice(null)
    setWrongCurrent(false)
    if (!parsed.success || values.confirm !== values.password) {
      setAttempt((a) => a + 1)
      return
    }
    setSaving(true)
    const { currentPassword, password } = parsed.data
    const result = await api.changeOwnPassword(user.id, currentPassword ?? '', password)
    if (!result.ok) {
      setSaving(false)
      if (result.problem.kind === 'wrong_password') {
        setWrongCurrent(true)
        setAttempt((a) => a + 1)
      } else {
        setNotice({ kind: 'problem', text: t(problemKey(result.problem)) })
      }
      return
    }
    let rewrapped = true
    try {
      await changePassphrase(password)
    } catch {
      rewrapped = false
    }
    setSaving(false)
    setValues(EMPTY) // a passphrase does not linger on screen once set
    setAttempt(0)
    setNotice(
      rewrapped
        ? { kind: 'ok', text: t('settings.password.done') }
        : { kind: 'problem', text: t('settings.password.rewrapFailed') },
    )
  }

  const set = (field: Field) => (value: string) => {
    if (field === 'currentPassword') setWrongCurrent(false)
    setValues((v) => ({ ...v, [field]: value }))
  }
  const autoComplete: Record<Field, string> = {
    currentPassword: 'current-password',
    password: 'new-password',
    confirm: 'new-password',
  }
  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="own-password-title">
      <h2 id="own-password-title">{t('settings.password.title')}</h2>
      <p className="hint">{t('settings.password.explain')}</p>
      {/* once a try has said so below, not twice */}
      {!online && notice === null && (
        <p className="notice" role="status">
          {t('admin.needsConnection')}
        </p>
      )}
      <ErrorSummary items={summary} attempt={attempt} />
      {FIELDS.map((field) => (
        <TextField
          key={field}
          id={fieldId(field)}
          label={labels[field]}
          hint={field === 'password' ? t('settings.password.newHint') : undefined}
          type="password"
          value={values[field]}
          onChange={set(field)}
          error={errors[field] ? sayMessage(t, errors[field]) : undefined}
          autoComplete={autoComplete[field]}
          required
        />
      ))}
      <div className="form-actions">
        <BusyButton type="submit" busy={saving}>
          {saving ? t('admin.sending') : t('settings.password.submit')}
        </BusyButton>
      </div>
      <ResultNotice notice={notice} />
    </form>
  )
}
