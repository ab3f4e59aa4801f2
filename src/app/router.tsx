/** Routes of the signed-in app; a screen the role may not use is not routed at all (screens load when opened). */
import { Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Route, Routes, useLocation } from 'react-router'
import type { DeviceSettings } from '@/features/settings/device-settings'
import type { Role } from '@/shared/schemas/auth'
import { canWrite, isSupervisorOrAdmin } from '@/shared/roles'
import { Home } from './home'
import { ScreenBoundary } from './screen-boundary'
import { useRouteFocus, type ResumeFocus } from './use-route-focus'
import {
  AttentionScreen,
  AuditLog,
  CaseList,
  CourierUpload,
  CasePage,
  DevicesList,
  EditSite,
  EditUser,
  ExportsScreen,
  NewSiteForm,
  NewUserForm,
  NumbersRoute,
  OpenReferrals,
  ProblemsScreen,
  RegistrationEdit,
  RegistrationForm,
  SettingsScreen,
  SitesList,
  SurveyForm,
  TallyEdit,
  TallyForm,
  TodayScreen,
  UsersList,
} from './screens'

interface AppRoutesProps {
  role: Role
  settings: DeviceSettings
  /** Given after an unlock: where focus goes back to (use-route-focus.ts). */
  resumeFocus?: ResumeFocus | null
}

export function AppRoutes({ role, settings, resumeFocus }: AppRoutesProps) {
  const { pathname } = useLocation()
  useRouteFocus(pathname, resumeFocus)
  return (
    <ScreenBoundary path={pathname}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<Home role={role} />} />
          <Route path="settings" element={<SettingsScreen settings={settings} />} />
          <Route path="attention" element={<AttentionScreen />} />
          <Route path="courier" element={<CourierUpload />} />
          {canWrite(role, 'registration') && (
            <>
              <Route path="register" element={<RegistrationForm />} />
              <Route path="cases/:id/edit" element={<RegistrationEdit />} />
              <Route path="cases" element={<CaseList />} />
              <Route path="cases/:id" element={<CasePage />} />
              <Route path="referrals" element={<OpenReferrals />} />
            </>
          )}
          {canWrite(role, 'flowCount') && (
            <>
              <Route path="tally" element={<TallyForm />} />
              <Route path="tally/:id" element={<TallyEdit />} />
              <Route path="today" element={<TodayScreen />} />
            </>
          )}
          {canWrite(role, 'survey') && <Route path="survey" element={<SurveyForm />} />}
          {isSupervisorOrAdmin(role) && <Route path="devices" element={<DevicesList />} />}
          {isSupervisorOrAdmin(role) && <Route path="problems" element={<ProblemsScreen />} />}
          {isSupervisorOrAdmin(role) && <Route path="numbers" element={<NumbersRoute />} />}
          {isSupervisorOrAdmin(role) && <Route path="exports" element={<ExportsScreen />} />}
          {role === 'admin' && (
            <>
              <Route path="admin/users" element={<UsersList />} />
              <Route path="admin/users/new" element={<NewUserForm />} />
              <Route path="admin/users/:id" element={<EditUser />} />
              <Route path="admin/sites" element={<SitesList />} />
              <Route path="admin/sites/new" element={<NewSiteForm />} />
              <Route path="admin/sites/:code" element={<EditSite />} />
              <Route path="admin/audit" element={<AuditLog />} />
            </>
          )}
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </ScreenBoundary>
  )
}

function Loading() {
  const { t } = useTranslation()
  return <p role="status">{t('app.loading')}</p>
}

function NotFound() {
  const { t } = useTranslation()
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <Link to="/" className="standalone-link">
        {t('app.backHome')}
      </Link>
    </section>
  )
}
