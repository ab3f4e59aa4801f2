/**
 * Adds a site (admin). Checked with the shared schema before sending; the server's field
 * errors and a taken code land on their fields. Nothing typed is cleared. Online only.
 */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { ErrorSummary, type SummaryItem } from '@/components/error-summary'
import { sayMessage } from '@/components/field-message'
import { useBrowserOnline } from '@/components/use-online'
import { problemKey } from '@/features/admin/problem-message'
import { useAdminApi } from '@/features/admin/use-admin-api'
import { newSiteSchema } from '@/shared/schemas/site'
import { SiteFields, siteFieldId } from './site-fields'
import {
  emptySite,
  issuesToSiteErrors,
  SITE_FIELDS,
  SITE_LABELS,
  valuesToSite,
  type SiteErrors,
  type SiteValues,
} from './site-values'
import '@/features/admin/admin.css'

const PREFIX = 'new-site'

export function NewSiteForm() {
  const { t } = useTranslation()
  const api = useAdminApi()
  const navigate = useNavigate()
  const online = useBrowserOnline()
  const [values, setValues] = useState(emptySite)
  const [attempt, setAttempt] = useState(0)
  const [serverErrors, setServerErrors] = useState<SiteErrors>({})
  const [saving, setSaving] = useState(false)

  // after a refused submit, the schema's errors follow the typing; the server's stay until the next submit
  const parsed = newSiteSchema.safeParse(valuesToSite(values))
  const errors: SiteErrors =
    attempt === 0 ? {} : { ...serverErrors, ...(parsed.success ? {} : issuesToSiteErrors(parsed.error.issues, values)) }
  const summary: SummaryItem[] = SITE_FIELDS.filter((f) => errors[f]).map((f) => ({
    id: siteFieldId(PREFIX, f),
    label: t(SITE_LABELS[f]),
    message: sayMessage(t, errors[f] as string),
  }))

  const change = <K extends keyof SiteValues>(field: K, value: SiteValues[K]) => {
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
    const result = await api.createSite(parsed.data)
    setSaving(false)
    if (result.ok) {
      void navigate('/admin/sites', { state: { created: result.value.name } })
      return
    }
    const { problem } = result
    setServerErrors(
      problem.kind === 'invalid'
        ? issuesToSiteErrors(problem.issues, values)
        : problem.kind === 'conflict' && problem.error === 'already_exists'
          ? { code: 'sites.errors.codeTaken' }
          : { form: problemKey(problem) },
    )
    setAttempt((a) => a + 1)
  }

  return (
    <form className="record-form admin" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-site-title">
      <p>
        <Link to="/admin/sites" className="standalone-link">
          {t('sites.backToList')}
        </Link>
      </p>
      <h1 id="new-site-title">{t('sites.newTitle')}</h1>
      {/* once a try has said why it failed, not twice */}
      {!online && !errors.form && (
        <p className="notice" role="status">
          {t('sites.needsConnection')}
        </p>
      )}
      <ErrorSummary items={summary} attempt={attempt} />
      {errors.form && (
        <p className="form-problem" role="alert">
          <span aria-hidden="true">⚠ </span>
          {t(errors.form)}
        </p>
      )}
      <SiteFields idPrefix={PREFIX} values={values} errors={errors} onChange={change} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('admin.sending') : t('sites.create')}
        </button>
      </div>
    </form>
  )
}
