/** Sites (admin): every site with its code, kind, region and state; inactive ones said in words. */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { ProblemMessage } from '@/features/admin/problem-message'
import { ResultNotice, type Notice } from '@/features/admin/result-notice'
import { localizeSites } from '@/i18n/site-names'
import type { Site } from '@/shared/schemas/site'
import { useServerSites } from './use-server-sites'
import '@/features/admin/admin.css'

// names in the interface language (site-names.ts), already sorted by them
const activeFirst = (a: Site, b: Site) => Number(b.active) - Number(a.active)

export function SitesList() {
  const { t, i18n } = useTranslation()
  const { state, reload } = useServerSites()
  const location = useLocation()
  const created = (location.state as { created?: string } | null)?.created
  const [notice] = useState<Notice | null>(() =>
    created ? { kind: 'ok', text: t('sites.created', { name: created }) } : null,
  )

  return (
    <section aria-labelledby="sites-title" className="record-list admin">
      <div className="list-head">
        <h1 id="sites-title">{t('sites.title')}</h1>
        <Link to="/admin/sites/new" className="button primary">
          {t('sites.new')}
        </Link>
      </div>
      <ResultNotice notice={notice} />
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'problem' && <ProblemMessage problem={state.problem} onRetry={reload} />}
      {state.status === 'ok' && (
        <ul aria-labelledby="sites-title">
          {localizeSites(state.value, t, i18n.resolvedLanguage ?? 'fr')
            .sort(activeFirst)
            .map((site) => (
              <li key={site.code} className={`record-row${site.active ? '' : ' is-disabled'}`}>
                <h2 className="record-title">
                  <Link to={`/admin/sites/${encodeURIComponent(site.code)}`}>{site.name}</Link>
                </h2>
                <p className="record-meta">
                  {site.code} · {t(`codes.siteKind.${site.kind}`)} · {site.adm1}
                </p>
                {site.active ? (
                  <p className="record-meta">{t('sites.active')}</p>
                ) : (
                  <p className="disabled-word">
                    <span aria-hidden="true">⊘ </span>
                    {t('sites.inactive')}
                  </p>
                )}
              </li>
            ))}
        </ul>
      )}
    </section>
  )
}
