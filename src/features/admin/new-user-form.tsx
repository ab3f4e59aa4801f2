/**
 * Creates an account (admin). Checked with the shared schema before sending; the
 * server's field errors and a taken username land on their fields. Nothing typed is
 * cleared. Online only: offline, it says so and keeps the values.
 */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ErrorSummary, type SummaryItem } from '@/components/error-summary'
import { sayMessage } from '@/components/field-message'
import { TextField } from '@/components/form-fields'
import { useBrowserOnline } from '@/components/use-online'
import { newUserSchema } from '@/shared/schemas/auth'
import { problemKey } from './problem-message'
import { RoleChoice } from './role-choice'
import { SitesPicker } from './sites-picker'
import { useAdminApi } from './use-admin-api'
import { emptyUser, issuesToUserErrors, USER_LABELS, type UserErrors, type UserField } from './user-values'
import './admin.css'

const FIELDS: readonly UserField[] = ['username', 'name', 'password', 'role', 'sites']
const fieldId = (field: UserField) => `new-user-${field}`

export function NewUserForm() {
  const { t } = useTranslation()
  const api = useAdminApi()
  const navigate = useNavigate()
  const online = useBrowserOnline()
  const [values, setValues] = useState(emptyUser)
  const [attempt, setAttempt] = useState(0)
  const [serverErrors, setServerErrors] = useState<UserErrors>({})
  const [saving, setSaving] = useState(false)

  // after a refused submit, the schema's errors follow the typing; the server's stay until the next submit
  const parsed = newUserSchema.safeParse(values)
  const errors: UserErrors =
    attempt === 0 ? {} : { ...serverErrors, ...(parsed.success ? {} : issuesToUserErrors(parsed.error.issues, values)) }
  const err = (field: UserField) => (errors[field] ? sayMessage(t, errors[field]) : undefined)
  const summary: SummaryItem[] = FIELDS.filter((f) => errors[f]).map((f) => ({
    id: fieldId(f),
    label: t(USER_LABELS[f]),
    message: sayMessage(t, errors[f] as string),
  }))

  const set =
    <K extends keyof typeof values>(field: K) =>
    (value: (typeof values)[K]) => {
      setValues((v) => ({ ...v, [field]: value }))
      setServerErrors(({ [field]: _fixed, ...rest }) => rest)
    }

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setServerErrors({})
    if (!parsed.success) {
      setAttempt((a) => a + 1)
      return
    }
    setSaving(true)
    const result = await api.createUser(parsed.data)
    setSaving(false)
    if (result.ok) {
      void navigate('/admin/users', { state: { created: result.value.name } })
      return
    }
    const { problem } = result
    setServerErrors(
      problem.kind === 'invalid'
        ? issuesToUserErrors(problem.issues, values)
        : problem.kind === 'conflict' && problem.error === 'already_exists'
          ? { username: 'admin.users.usernameTaken' }
          : { form: problemKey(problem) },
    )
    setAttempt((a) => a + 1)
  }

  return (
    <form className="record-form admin" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-user-title">
      <h1 id="new-user-title">{t('admin.users.newTitle')}</h1>
      {/* once a try has said why it failed, not twice */}
      {!online && !errors.form && (
        <p className="notice" role="status">
          {t('admin.needsConnection')}
        </p>
      )}
      <ErrorSummary items={summary} attempt={attempt} />
      {errors.form && (
        <p className="form-problem" role="alert">
          <span aria-hidden="true">⚠ </span>
          {t(errors.form)}
        </p>
      )}
      <TextField
        id={fieldId('name')}
        label={t('admin.users.name')}
        value={values.name}
        onChange={set('name')}
        error={err('name')}
        autoComplete="off"
        required
      />
      <TextField
        id={fieldId('username')}
        label={t('admin.users.username')}
        hint={t('admin.users.usernameRule')}
        value={values.username}
        onChange={set('username')}
        error={err('username')}
        autoComplete="off"
        required
      />
      <TextField
        id={fieldId('password')}
        label={t('admin.users.password')}
        hint={t('admin.users.passwordHint')}
        type="password"
        value={values.password}
        onChange={set('password')}
        error={err('password')}
        autoComplete="new-password"
        required
      />
      <RoleChoice id={fieldId('role')} value={values.role} onChange={set('role')} error={err('role')} />
      <SitesPicker
        id={fieldId('sites')}
        role={values.role}
        values={values.sites}
        onChange={set('sites')}
        error={err('sites')}
        hint={values.role === 'admin' ? t('admin.users.adminAllSites') : undefined}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('admin.sending') : t('admin.users.create')}
        </button>
      </div>
    </form>
  )
}
