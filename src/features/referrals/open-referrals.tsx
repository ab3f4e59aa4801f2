/**
 * The open referrals of the user's sites (route `referrals`): who, to which partner, how
 * urgent and how long it has waited; each row opens the case. Only open referrals are
 * decrypted (data/case-file.ts); each person is looked up in the case index when it is
 * built, else read one by one.
 */
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCaseFinder, type CaseFinder } from '@/cases/case-finder'
import { useDb, useSession } from '@/components/app-context'
import { useCodeLabel } from '@/components/code-options'
import { formatDay, siteDay } from '@/components/dates'
import type { RelaisDb } from '@/data/db'
import { listOpenReferrals } from '@/data/case-file'
import { getRecord, type LocalRecord } from '@/data/records'
import { mayUseSite } from '@/shared/roles'
import type { SessionUser } from '@/shared/schemas/auth'
import { byUrgencyThenAge, daysWaiting } from './open-referrals-order'
import './referrals.css'

interface Row {
  referral: LocalRecord<'referral'>
  caseNumber?: string | undefined
  /** undefined for an anonymous case */
  name?: string | undefined
}

async function loadOpenReferrals(db: RelaisDb, user: SessionUser, finder: CaseFinder | undefined): Promise<Row[]> {
  const open = (await listOpenReferrals(db))
    .filter((r) => mayUseSite(user, r.data.siteCode))
    .sort((a, b) => byUrgencyThenAge(a.data, b.data))
  return Promise.all(
    open.map(async (referral): Promise<Row> => {
      const summary = finder?.get(referral.data.registrationId)
      if (summary) {
        return {
          referral,
          caseNumber: summary.caseNumber,
          name: summary.named ? `${summary.givenName ?? ''} ${summary.familyName ?? ''}`.trim() : undefined,
        }
      }
      const person = (await getRecord(db, 'registration', referral.data.registrationId))?.data
      return {
        referral,
        caseNumber: person?.caseNumber,
        name: person?.consentProcessing ? `${person.givenName} ${person.familyName}` : undefined,
      }
    }),
  )
}

export function OpenReferrals() {
  const { t, i18n } = useTranslation()
  const db = useDb()
  const { user } = useSession()
  const finder = useCaseFinder()
  const codeLabel = useCodeLabel()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const rows = useLiveQuery(() => loadOpenReferrals(db, user, finder), [db, user, finder])
  const today = siteDay()

  return (
    <section aria-labelledby="referrals-title" className="record-list">
      <h1 id="referrals-title">{t('referrals.title')}</h1>
      {rows === undefined ? (
        <p role="status">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p>{t('referrals.empty')}</p>
      ) : (
        <ul aria-labelledby="referrals-title">
          {rows.map(({ referral, caseNumber, name }) => {
            const r = referral.data
            const days = daysWaiting(r.sentOn, today)
            return (
              <li key={referral.id} className="record-row">
                <p className="record-title">
                  <Link to={`/cases/${r.registrationId}`} className="open-referral-link">
                    {caseNumber && (
                      <>
                        <bdi dir="ltr">{caseNumber}</bdi>
                        {' · '}
                      </>
                    )}
                    {name ?? t('referrals.anonymous')}
                  </Link>
                </p>
                <p className="record-meta">
                  {r.partnerName ?? codeLabel('referralTarget', r.to)} · {codeLabel('urgency', r.urgency)} ·{' '}
                  {codeLabel('referralStatus', r.status)}
                </p>
                <p className="record-meta referral-wait">
                  {days === 0 ? (
                    t('referrals.sentToday')
                  ) : (
                    <>
                      {t('referrals.waiting', { count: days })}{' '}
                      <span className="hint">({t('referrals.sentOn', { date: formatDay(r.sentOn, lang) })})</span>
                    </>
                  )}
                </p>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
