/**
 * Every screen of the signed-in app, each loaded when first opened: the first download
 * holds only what signing in, unlocking and the home screen need. The service worker
 * precaches every chunk, so a screen opens offline all the same.
 */
import { lazy } from 'react'

export const DevicesList = lazy(() => import('@/features/admin/devices-list').then((m) => ({ default: m.DevicesList })))
export const EditUser = lazy(() => import('@/features/admin/edit-user').then((m) => ({ default: m.EditUser })))
export const NewUserForm = lazy(() =>
  import('@/features/admin/new-user-form').then((m) => ({ default: m.NewUserForm })),
)
export const UsersList = lazy(() => import('@/features/admin/users-list').then((m) => ({ default: m.UsersList })))
export const AttentionScreen = lazy(() =>
  import('@/features/attention/attention-screen').then((m) => ({ default: m.AttentionScreen })),
)
export const CasePage = lazy(() => import('@/features/case-file/case-page').then((m) => ({ default: m.CasePage })))
export const CaseList = lazy(() => import('@/features/cases/case-list').then((m) => ({ default: m.CaseList })))
export const ExportsScreen = lazy(() =>
  import('@/features/exports/exports-screen').then((m) => ({ default: m.ExportsScreen })),
)
export const TallyEdit = lazy(() => import('@/features/flow-counts/tally-edit').then((m) => ({ default: m.TallyEdit })))
export const TallyForm = lazy(() => import('@/features/flow-counts/tally-form').then((m) => ({ default: m.TallyForm })))
export const NumbersRoute = lazy(() =>
  import('@/features/numbers/numbers-route').then((m) => ({ default: m.NumbersRoute })),
)
export const ProblemsScreen = lazy(() =>
  import('@/features/problems/problems-screen').then((m) => ({ default: m.ProblemsScreen })),
)
export const OpenReferrals = lazy(() =>
  import('@/features/referrals/open-referrals').then((m) => ({ default: m.OpenReferrals })),
)
export const RegistrationEdit = lazy(() =>
  import('@/features/registration/registration-edit').then((m) => ({ default: m.RegistrationEdit })),
)
export const RegistrationForm = lazy(() =>
  import('@/features/registration/registration-form').then((m) => ({ default: m.RegistrationForm })),
)
export const SettingsScreen = lazy(() =>
  import('@/features/settings/settings-screen').then((m) => ({ default: m.SettingsScreen })),
)
export const TodayScreen = lazy(() => import('@/features/today/today-screen').then((m) => ({ default: m.TodayScreen })))
export const EditSite = lazy(() => import('@/features/sites/edit-site').then((m) => ({ default: m.EditSite })))
export const NewSiteForm = lazy(() =>
  import('@/features/sites/new-site-form').then((m) => ({ default: m.NewSiteForm })),
)
export const SitesList = lazy(() => import('@/features/sites/sites-list').then((m) => ({ default: m.SitesList })))
export const SurveyForm = lazy(() => import('@/features/survey/survey-form').then((m) => ({ default: m.SurveyForm })))
