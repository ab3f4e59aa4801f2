/** Name, role and sites of an account; only what changed is sent (PATCH). */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, type SummaryItem } from '@/components/error-summary'
import { sayMessage } from '@/components/field-message'
import { TextField } from '@/components/form-fields'
import { userPatchSchema, type User, type UserPatch } from '@/shared/schemas/auth'
import { problemKey } from './problem-message'
import { ResultNotice, type Notice } from './result-notice'
import { RoleChoice } from './role-choice'
import { SitesPicker } from './sites-picker'
import { useAdminApi } from './use-admin-api'
import { issuesToUserErrors, USER_LABELS, type UserErrors, type UserField } from './user-values'

const FIELDS: readonly UserField[] = ['name', 'role', 'sites']
const fieldId = (field: UserField) => `edit-user-${field}`
const sameSites = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join()

export function UserDetailsForm({ user, onSaved }: { user: User; onSaved(user: User): void }) {
  const { t } = useTranslation()
  const api = useAdminApi()
  const [values, setValues] = useState({ name: user.name, role: user.role, sites: user.sites })
  const [attempt, setAttempt] = useState(0)
  const [serverErrors, setServerErrors] = useState<UserErrors>({})
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)

  const patch: UserPatch = {
    ...(values.name !== user.name ? { name: values.name } : {}),
    ...(values.role !== user.role ? { role: values.role } : {}),
    ...(!sameSites(values.sites, user.sites) ? { sites: values.sites } : {}),
  }
  const parsed = userPatchSchema.safeParse(patch)
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
      // "Changes saved" spoke of the values before this change
      setNotice(null)
    }

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setServerErrors({})
    setNotice(null)
    if (!parsed.success) {
      setAttempt((a) => a + 1)
      return
    }
    if (Object.keys(parsed.data).length === 0) {
      setNotice({ kind: 'ok', text: t('admin.users.nothingChanged') })
      return
    }
    setSaving(true)
    const result = await api.updateUser(user.id, parsed.data)
    setSaving(false)
    if (result.ok) {
      onSaved(result.value)
      setNotice({ kind: 'ok', text: t('admin.users.saved') })
      return
    }
    const { problem } = result
    if (problem.kind === 'invalid') {
      setServerErrors(issuesToUserErrors(problem.issues, values))
      setAttempt((a) => a + 1)
    } else {
      setNotice({ kind: 'problem', text: t(problemKey(problem)) })
    }
  }

  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="edit-user-details">
      <h2 id="edit-user-details">{t('admin.users.detailsTitle')}</h2>
      <ErrorSummary items={summary} attempt={attempt} />
      <TextField
        id={fieldId('name')}
        label={t('admin.users.name')}
        value={values.name}
        onChange={set('name')}
        error={err('name')}
        autoComplete="off"
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
          {saving ? t('admin.sending') : t('admin.users.saveChanges')}
        </button>
      </div>
      <ResultNotice notice={notice} />
    </form>
  )
}
