/**
 * Deactivates a site after a confirmation, or reactivates it. A deactivated site keeps
 * all its records and stays in lists and filters; it leaves the choices for new work.
 * The confirmation names the staff the site is still given to, who lose it for new work.
 */
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { problemKey } from '@/features/admin/problem-message'
import { ResultNotice, type Notice } from '@/features/admin/result-notice'
import { useAdminApi, useRemote } from '@/features/admin/use-admin-api'
import { siteName } from '@/i18n/site-names'
import type { Site } from '@/shared/schemas/site'
import { useQuestionFocus } from '@/components/use-question-focus'

export function SiteActivation({ site, onChanged }: { site: Site; onChanged(site: Site): void }) {
  const { t } = useTranslation()
  const api = useAdminApi()
  const [confirming, setConfirming] = useState(false)
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)
  const {
    question,
    opener,
    closeToOpener: cancel,
  } = useQuestionFocus<HTMLHeadingElement>(confirming, () => setConfirming(false))

  async function setActive(active: boolean) {
    setSaving(true)
    const result = await api.updateSite(site.code, { active })
    setSaving(false)
    setConfirming(false)
    if (result.ok) {
      onChanged(result.value)
      setNotice({
        kind: 'ok',
        text: t(active ? 'sites.reactivated' : 'sites.deactivated', { name: siteName(site, t) }),
      })
    } else {
      setNotice({ kind: 'problem', text: t(problemKey(result.problem)) })
    }
  }

  return (
    <section aria-labelledby="site-activation-title" className="admin-access">
      <h2 id="site-activation-title">{t('sites.activationTitle')}</h2>
      {site.active ? (
        confirming ? (
          <div className="confirm-panel" role="group" aria-labelledby="site-activation-question">
            <h3 id="site-activation-question" tabIndex={-1} ref={question}>
              {t('sites.confirmQuestion', { name: siteName(site, t) })}
            </h3>
            <p>{t('sites.confirmExplain')}</p>
            <AssignedStaff siteCode={site.code} />
            <div className="actions">
              <button type="button" className="danger" disabled={saving} onClick={() => void setActive(false)}>
                {saving ? t('admin.sending') : t('sites.confirmDeactivate')}
              </button>
              <button type="button" disabled={saving} onClick={cancel}>
                {t('admin.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <>
            <p>{t('sites.activeNow')}</p>
            <button type="button" className="danger" ref={opener} onClick={() => setConfirming(true)}>
              {t('sites.deactivate')}
            </button>
          </>
        )
      ) : (
        <>
          <p>{t('sites.inactiveNow')}</p>
          <button type="button" disabled={saving} onClick={() => void setActive(true)}>
            {saving ? t('admin.sending') : t('sites.reactivate')}
          </button>
        </>
      )}
      <ResultNotice notice={notice} />
    </section>
  )
}

/** The active non-admin users the site is given to, named in the confirmation; nothing while loading or unknown. */
function AssignedStaff({ siteCode }: { siteCode: string }) {
  const { t } = useTranslation()
  const api = useAdminApi()
  const load = useCallback(() => api.listUsers(), [api])
  const { state } = useRemote(load)
  if (state.status !== 'ok') return null
  const names = state.value
    .filter((user) => user.active && user.role !== 'admin' && user.sites.includes(siteCode))
    .map((user) => user.name)
    .sort((a, b) => a.localeCompare(b))
  if (names.length === 0) return null
  return <p>{t('sites.stillGivenTo', { names: names.join(t('app.listSeparator')) })}</p>
}
