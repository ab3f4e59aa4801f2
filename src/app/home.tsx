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
  const tiles = homeTiles(role, { registers, counts, surveys })
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title" className="visually-hidden">
        {t('home.title')}
      </h1>
      <CourierReminder />
      <nav aria-label={t('shell.mainNav')}>
        <ul className="home-tiles">
          <AttentionTile />
          {tiles.map((tile) => (
            <li key={tile.to}>
              <Link to={tile.to} className={tile.primary ? 'tile primary' : 'tile'}>
                {t(tile.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!registers && !counts && !surveys && <p>{t('home.noRole')}</p>}
    </section>
  )
}

interface Tile {
  to: string
  /** Translation key. */
  label: string
  /** The role's main task: drawn larger. */
  primary?: boolean
}

/**
 * The tiles in the order the role works (ux.md): a registrar's cases, a monitor's tallies,
 * a supervisor's console first (Devices, Problems, Numbers, Exports) and an admin's users,
 * sites and audit log after it; the field's screens a supervisor may also use come next, then
 * carrying a file and the settings.
 */
function homeTiles(role: Role, can: { registers: boolean; counts: boolean; surveys: boolean }): Tile[] {
  const runsConsole = isSupervisorOrAdmin(role)
  const field: Tile[] = [
    ...(can.registers
      ? [
          { to: '/register', label: 'home.registerPerson', primary: !runsConsole },
          { to: '/cases', label: 'home.cases' },
          { to: '/referrals', label: 'home.openReferrals' },
        ]
      : []),
    ...(can.counts
      ? [
          { to: '/tally', label: 'home.tally', primary: !runsConsole },
          ...(can.surveys ? [{ to: '/survey', label: 'home.survey' }] : []),
          { to: '/today', label: 'home.today' },
        ]
      : []),
  ]
  if (!runsConsole) return [...field, { to: '/settings', label: 'home.settings' }]
  return [
    { to: '/devices', label: 'home.devices' },
    { to: '/problems', label: 'problems.title' },
    { to: '/numbers', label: 'numbers.tile' },
    { to: '/exports', label: 'exports.homeTile' },
    ...(role === 'admin'
      ? [
          { to: '/admin/users', label: 'home.users' },
          { to: '/admin/sites', label: 'sites.tile' },
          { to: '/admin/audit', label: 'admin.audit.tile' },
        ]
      : []),
    ...field,
    { to: '/courier', label: 'courier.carryTitle' },
    { to: '/settings', label: 'home.settings' },
  ]
}
