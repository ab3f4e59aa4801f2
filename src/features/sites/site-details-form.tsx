/** Name, kind, region and coordinates of a site; only what changed is sent (PATCH), the two coordinates together. */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, type SummaryItem } from '@/components/error-summary'
import { sayMessage } from '@/components/field-message'
import { problemKey } from '@/features/admin/problem-message'
import { ResultNotice, type Notice } from '@/features/admin/result-notice'
import { useAdminApi } from '@/features/admin/use-admin-api'
import { sitePatchSchema, type Site } from '@/shared/schemas/site'
import { SiteFields, siteFieldId } from './site-fields'
import {
  issuesToSiteErrors,
  SITE_FIELDS,
  SITE_LABELS,
  siteToValues,
  valuesToSite,
  type SiteErrors,
  type SiteValues,
} from './site-values'

const PREFIX = 'edit-site'

/** The fields that differ from the site; a moved site sends both coordinates (the server checks them as a pair). */
function changes(site: Site, values: SiteValues) {
  const next = valuesToSite(values)
  return {
    ...(next.name !== site.name ? { name: next.name } : {}),
    ...(next.kind !== site.kind ? { kind: next.kind } : {}),
    ...(next.adm1 !== site.adm1 ? { adm1: next.adm1 } : {}),
    ...(next.lat !== site.lat || next.lon !== site.lon ? { lat: next.lat, lon: next.lon } : {}),
  }
}

export function SiteDetailsForm({ site, onSaved }: { site: Site; onSaved(site: Site): void }) {
  const { t } = useTranslation()
  const api = useAdminApi()
  const [values, setValues] = useState(() => siteToValues(site))
  const [attempt, setAttempt] = useState(0)
  const [serverErrors, setServerErrors] = useState<SiteErrors>({})
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)

  const parsed = sitePatchSchema.safeParse(changes(site, values))
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
    setNotice(null) // "Changes saved" spoke of the values before this change
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
      setNotice({ kind: 'ok', text: t('sites.nothingChanged') })
      return
    }
    setSaving(true)
    const result = await api.updateSite(site.code, parsed.data)
    setSaving(false)
    if (result.ok) {
      onSaved(result.value)
      setNotice({ kind: 'ok', text: t('sites.saved') })
      return
    }
    const { problem } = result
    if (problem.kind === 'invalid') {
      setServerErrors(issuesToSiteErrors(problem.issues, values))
      setAttempt((a) => a + 1)
    } else {
      setNotice({ kind: 'problem', text: t(problemKey(problem)) })
    }
  }

  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="edit-site-details">
      <h2 id="edit-site-details">{t('sites.detailsTitle')}</h2>
      <ErrorSummary items={summary} attempt={attempt} />
      <SiteFields idPrefix={PREFIX} values={values} errors={errors} onChange={change} codeFixed />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('admin.sending') : t('sites.saveChanges')}
        </button>
      </div>
      <ResultNotice notice={notice} />
    </form>
  )
}
