/**
 * The user's sites as checkboxes grouped by kind, from the site list on this phone
 * (kept fresh by sync). A closed site shows only while it is still assigned. When the
 * sites ticked give the role no work (a registrar with only flow monitoring points, or no
 * site ticked at all), it says so beside them: the user could sign in and do nothing. It is a warning, not a
 * refusal: an admin may tick the right sites later.
 */
import { useTranslation } from 'react-i18next'
import { useSites } from '@/components/use-records'
import { sitesGiveWork } from '@/shared/roles'
import type { Role } from '@/shared/schemas/auth'
import { SITE_KINDS } from '@/shared/schemas/codes'

interface SitesPickerProps {
  id: string
  /** The role chosen, or '' while none is. */
  role: Role | ''
  values: readonly string[]
  onChange(values: string[]): void
  error?: string | undefined
  hint?: string | undefined
}

export function SitesPicker({ id, role, values, onChange, error, hint }: SitesPickerProps) {
  const { t } = useTranslation()
  const sites = useSites()
  if (!sites) return <p role="status">{t('app.loading')}</p>
  const shown = sites.filter((s) => s.active || values.includes(s.code))
  const toggle = (code: string, on: boolean) =>
    onChange(on ? [...values.filter((v) => v !== code), code] : values.filter((v) => v !== code))
  const kinds = shown.filter((s) => values.includes(s.code)).map((s) => s.kind)
  // no site at all gives no work either (an admin works everywhere): said in its own words
  const idle = role !== '' && !sitesGiveWork(role, kinds)
  const describedBy = [hint ? `${id}-hint` : null, idle ? `${id}-idle` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ')
  // the summary links to `id`: the first box drawn
  const firstCode = SITE_KINDS.flatMap((kind) => shown.filter((s) => s.kind === kind))[0]?.code
  return (
    <fieldset className={`field sites-picker${error ? ' has-error' : ''}`} aria-describedby={describedBy || undefined}>
      <legend>{t('admin.users.sites')}</legend>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {idle && (
        <p className="notice" id={`${id}-idle`}>
          <span aria-hidden="true">⚠ </span>
          {t(kinds.length === 0 ? 'admin.users.noSiteTicked' : `admin.users.sitesGiveNoWork.${role}`)}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {shown.length === 0 && <p className="notice">{t('admin.users.noSites')}</p>}
      {SITE_KINDS.map((kind) => {
        const ofKind = shown.filter((s) => s.kind === kind)
        if (ofKind.length === 0) return null
        return (
          <fieldset key={kind} className="choice-group">
            <legend>{t(`codes.siteKind.${kind}`)}</legend>
            {ofKind.map((site) => {
              const inputId = site.code === firstCode ? id : `${id}-${site.code}`
              return (
                <label key={site.code} className="choice">
                  <input
                    type="checkbox"
                    id={inputId}
                    name={id}
                    value={site.code}
                    checked={values.includes(site.code)}
                    onChange={(e) => toggle(site.code, e.target.checked)}
                  />
                  <span>
                    {site.name}
                    {!site.active && ` (${t('admin.users.siteClosed')})`}
                  </span>
                </label>
              )
            })}
          </fieldset>
        )
      })}
    </fieldset>
  )
}
