/** One site (admin): its details, and deactivate or reactivate it. The code never changes. */
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ProblemMessage } from '@/features/admin/problem-message'
import { siteName } from '@/i18n/site-names'
import type { Site } from '@/shared/schemas/site'
import { SiteActivation } from './site-activation'
import { SiteDetailsForm } from './site-details-form'
import { useServerSites } from './use-server-sites'
import '@/features/admin/admin.css'

export function EditSite() {
  const { t } = useTranslation()
  const { code } = useParams()
  // the API lists sites; there is no single-site read
  const { state, reload, update } = useServerSites()
  const replace = useCallback(
    (next: Site) => update((sites) => sites.map((s) => (s.code === next.code ? next : s))),
    [update],
  )
  const site = state.status === 'ok' ? state.value.find((s) => s.code === code) : undefined

  return (
    <section aria-labelledby="edit-site-title" className="admin">
      <p>
        <Link to="/admin/sites" className="standalone-link">
          {t('sites.backToList')}
        </Link>
      </p>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'problem' && (
        <>
          <h1 id="edit-site-title">{t('sites.title')}</h1>
          <ProblemMessage problem={state.problem} onRetry={reload} />
        </>
      )}
      {state.status === 'ok' && !site && (
        <>
          <h1 id="edit-site-title">{t('sites.title')}</h1>
          <ProblemMessage problem={{ kind: 'not_found' }} />
        </>
      )}
      {site && (
        <>
          <h1 id="edit-site-title">{siteName(site, t)}</h1>
          <p className="record-meta">
            {site.code} · {t(`codes.siteKind.${site.kind}`)} · {site.adm1}
          </p>
          {!site.active && (
            <p className="disabled-word">
              <span aria-hidden="true">⊘ </span>
              {t('sites.inactiveLong')}
            </p>
          )}
          <SiteDetailsForm key={`details-${site.code}`} site={site} onSaved={replace} />
          <SiteActivation key={`activation-${site.code}`} site={site} onChanged={replace} />
        </>
      )}
    </section>
  )
}
