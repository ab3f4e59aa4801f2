/** Cases on this phone, newest first, each with its state in words (ux.md: trust the save). */
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { useCodeLabel } from '@/components/code-options'
import { useCountryName } from '@/components/country-select'
import { formatDay } from '@/components/dates'
import { RecordState } from '@/components/record-state'
import { SavedNotice } from '@/components/saved-notice'
import { useRecords, useSites } from '@/components/use-records'

export function RegistrationList() {
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const records = useRecords('registration')
  const sites = useSites()
  const codeLabel = useCodeLabel()
  const countryName = useCountryName()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const siteName = (code: string) => sites?.find((s) => s.code === code)?.name ?? code
  const justSaved = (location.state as { saved?: string } | null)?.saved === 'registration'

  return (
    <section aria-labelledby="cases-title" className="record-list">
      <div className="list-head">
        <h1 id="cases-title">{t('registration.casesTitle')}</h1>
        <Link to="/register" className="button primary">
          {t('home.registerPerson')}
        </Link>
      </div>
      <SavedNotice show={justSaved} />
      {records === undefined ? (
        <p role="status">{t('app.loading')}</p>
      ) : records.length === 0 ? (
        <p>{t('registration.empty')}</p>
      ) : (
        <ul aria-labelledby="cases-title">
          {records.map(({ id, data, state, errors }) => (
            <li key={id} className="record-row">
              <p className="record-title">
                {data.consentProcessing ? `${data.givenName} ${data.familyName}` : t('registration.anonymous')}
              </p>
              <p className="record-meta">
                {[
                  codeLabel('sex', data.sex),
                  countryName(data.nationality),
                  siteName(data.siteCode),
                  t('registration.registeredOnShort', { date: formatDay(data.registeredOn, lang) }),
                ].join(' · ')}
              </p>
              <RecordState record={{ state, errors }} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
