/**
 * The user's sites as checkboxes grouped by kind, from the site list on this phone
 * (kept fresh by sync). A closed site shows only while it is still assigned.
 */
import { useTranslation } from 'react-i18next'
import { useSites } from '@/components/use-records'
import { SITE_KINDS } from '@/shared/schemas/codes'

interface SitesPickerProps {
  id: string
  values: readonly string[]
  onChange(values: string[]): void
  error?: string | undefined
  hint?: string | undefined
}

export function SitesPicker({ id, values, onChange, error, hint }: SitesPickerProps) {
  const { t } = useTranslation()
  const sites = useSites()
  if (!sites) return <p role="status">{t('app.loading')}</p>
  const shown = sites.filter((s) => s.active || values.includes(s.code))
  const toggle = (code: string, on: boolean) =>
    onChange(on ? [...values.filter((v) => v !== code), code] : values.filter((v) => v !== code))
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
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
