/** The role-shaped home: registrars see cases, monitors see tallies, admins both. */
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useDb, useSession } from '@/components/app-context'
import { whenIdle } from '@/data/when-idle'
import { AttentionTile } from '@/features/attention/attention-link'
import { CourierReminder } from '@/features/sync/courier-reminder'
import type { Role } from '@/shared/schemas/auth'
import { canWrite, isSupervisorOrAdmin } from '@/shared/roles'

type TodayReadModule = typeof import('@/features/today/today-read')
let todayReadModule: TodayReadModule | undefined
const loadTodayRead = () => import('@/features/today/today-read').then((today) => (todayReadModule = today))

export function Home({ role }: { role: Role }) {
  const { t } = useTranslation()
  const registers = canWrite(role, 'registration')
  const counts = canWrite(role, 'flowCount')
  const surveys = canWrite(role, 'survey')
  const db = useDb()
  const { user } = useSession()
  // a flow monitor's Today is read and kept, so that it opens at once. The first time, its
  // code loads in an idle moment, after home's own drawing; from then on it is read again
  // as soon as home shows (a monitor back from a convoy's saves taps Today next)
  useEffect(() => {
    if (!counts) return
    let cancelled = false
    const keep = (today: TodayReadModule) => (cancelled ? undefined : today.keepTodayReady(db, user))
    const ready = todayReadModule
    const kept = ready ? keep(ready) : whenIdle(5_000).then(() => (cancelled ? undefined : loadTodayRead().then(keep)))
    kept?.catch(() => undefined) // only a head start lost: Today reads when opened
    return () => {
      cancelled = true
    }
  }, [counts, db, user])
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title" className="visually-hidden">
        {t('home.title')}
      </h1>
      <CourierReminder />
      <nav aria-label={t('shell.mainNav')}>
        <ul className="home-tiles">
          <AttentionTile />
          {registers && (
            <>
              <li>
                <Link to="/register" className="tile primary">
                  {t('home.registerPerson')}
                </Link>
              </li>
              <li>
                <Link to="/cases" className="tile">
                  {t('home.cases')}
                </Link>
              </li>
              <li>
                <Link to="/referrals" className="tile">
                  {t('home.openReferrals')}
                </Link>
              </li>
            </>
          )}
          {counts && (
            <>
              <li>
                <Link to="/tally" className="tile primary">
                  {t('home.tally')}
                </Link>
              </li>
              {surveys && (
                <li>
                  <Link to="/survey" className="tile">
                    {t('home.survey')}
                  </Link>
                </li>
              )}
              <li>
                <Link to="/today" className="tile">
                  {t('home.today')}
                </Link>
              </li>
            </>
          )}
          {isSupervisorOrAdmin(role) && (
            <li>
              <Link to="/devices" className="tile">
                {t('home.devices')}
              </Link>
            </li>
          )}
          {isSupervisorOrAdmin(role) && (
            <li>
              <Link to="/problems" className="tile">
                {t('problems.title')}
              </Link>
            </li>
          )}
          {isSupervisorOrAdmin(role) && (
            <li>
              <Link to="/numbers" className="tile">
                {t('numbers.tile')}
              </Link>
            </li>
          )}
          {isSupervisorOrAdmin(role) && (
            <li>
              <Link to="/courier" className="tile">
                {t('courier.carryTitle')}
              </Link>
            </li>
          )}
          {isSupervisorOrAdmin(role) && (
            <li>
              <Link to="/exports" className="tile">
                {t('exports.homeTile')}
              </Link>
            </li>
          )}
          {role === 'admin' && (
            <li>
              <Link to="/admin/users" className="tile">
                {t('home.users')}
              </Link>
            </li>
          )}
          {role === 'admin' && (
            <li>
              <Link to="/admin/sites" className="tile">
                {t('sites.tile')}
              </Link>
            </li>
          )}
          <li>
            <Link to="/settings" className="tile">
              {t('home.settings')}
            </Link>
          </li>
        </ul>
      </nav>
      {!registers && !counts && !surveys && <p>{t('home.noRole')}</p>}
    </section>
  )
}
