/**
 * Every screen of the signed-in app, each in its own chunk: the first download holds
 * only what signing in, unlocking and the home screen need. Once the app is idle the
 * screens load in the background (preloadScreens), so that a phone that goes offline
 * right after its first sign-in, before the service worker has precached every chunk,
 * still opens them all.
 */
import { lazy, type ComponentType } from 'react'

const loaders: (() => Promise<unknown>)[] = []

/** A screen loaded when first drawn or preloaded, whichever comes first (the module is fetched once). */
function screen<P extends object>(load: () => Promise<ComponentType<P>>) {
  loaders.push(load)
  return lazy(async () => ({ default: await load() }))
}

/**
 * Loads every screen's chunk, one at a time, each when `idle` resolves, so that typing
 * right after an unlock never waits behind the whole app's code; stops when `cancelled`.
 * A failure (offline, nothing cached) is left for the screen's own load to show.
 */
export async function preloadScreens(idle: () => Promise<void>, cancelled: () => boolean): Promise<void> {
  for (const load of loaders) {
    await idle()
    if (cancelled()) return
    await load().catch(() => undefined)
  }
}

// the field's screens first: they are preloaded in this order
export const TallyForm = screen(() => import('@/features/flow-counts/tally-form').then((m) => m.TallyForm))
export const TodayScreen = screen(() => import('@/features/today/today-screen').then((m) => m.TodayScreen))
export const SurveyForm = screen(() => import('@/features/survey/survey-form').then((m) => m.SurveyForm))
export const CaseList = screen(() => import('@/features/cases/case-list').then((m) => m.CaseList))
export const RegistrationEdit = screen(() =>
  import('@/features/registration/registration-edit').then((m) => m.RegistrationEdit),
)
export const RegistrationForm = screen(() =>
  import('@/features/registration/registration-form').then((m) => m.RegistrationForm),
)
export const SettingsScreen = screen(() => import('@/features/settings/settings-screen').then((m) => m.SettingsScreen))
export const OpenReferrals = screen(() => import('@/features/referrals/open-referrals').then((m) => m.OpenReferrals))
export const TallyEdit = screen(() => import('@/features/flow-counts/tally-edit').then((m) => m.TallyEdit))
export const AttentionScreen = screen(() =>
  import('@/features/attention/attention-screen').then((m) => m.AttentionScreen),
)
export const CasePage = screen(() => import('@/features/case-file/case-page').then((m) => m.CasePage))
export const DevicesList = screen(() => import('@/features/admin/devices-list').then((m) => m.DevicesList))
export const EditUser = screen(() => import('@/features/admin/edit-user').then((m) => m.EditUser))
export const NewUserForm = screen(() => import('@/features/admin/new-user-form').then((m) => m.NewUserForm))
export const UsersList = screen(() => import('@/features/admin/users-list').then((m) => m.UsersList))
export const AuditLog = screen(() => import('@/features/admin/audit-log').then((m) => m.AuditLog))
export const ExportsScreen = screen(() => import('@/features/exports/exports-screen').then((m) => m.ExportsScreen))
export const NumbersRoute = screen(() => import('@/features/numbers/numbers-route').then((m) => m.NumbersRoute))
export const ProblemsScreen = screen(() => import('@/features/problems/problems-screen').then((m) => m.ProblemsScreen))
export const EditSite = screen(() => import('@/features/sites/edit-site').then((m) => m.EditSite))
export const NewSiteForm = screen(() => import('@/features/sites/new-site-form').then((m) => m.NewSiteForm))
export const SitesList = screen(() => import('@/features/sites/sites-list').then((m) => m.SitesList))
export const CourierUpload = screen(() => import('@/features/sync/courier-upload').then((m) => m.CourierUpload))
