/** Routes of the signed-in app; a screen the role may not use is not routed at all. */
import { useTranslation } from 'react-i18next'
import { Link, Route, Routes } from 'react-router'
import { DevicesList } from '@/features/admin/devices-list'
import { EditUser } from '@/features/admin/edit-user'
import { NewUserForm } from '@/features/admin/new-user-form'
import { UsersList } from '@/features/admin/users-list'
import { CasePage } from '@/features/case-file/case-page'
import { CaseList } from '@/features/cases/case-list'
import { FlowCountList } from '@/features/flow-counts/flow-count-list'
import { TallyForm } from '@/features/flow-counts/tally-form'
import { OpenReferrals } from '@/features/referrals/open-referrals'
import { RegistrationEdit } from '@/features/registration/registration-edit'
import { RegistrationForm } from '@/features/registration/registration-form'
import type { DeviceSettings } from '@/features/settings/device-settings'
import { SettingsScreen } from '@/features/settings/settings-screen'
import type { Role } from '@/shared/schemas/auth'
import { canWrite, isSupervisorOrAdmin } from '@/shared/roles'
import { Home } from './home'

export function AppRoutes({ role, settings }: { role: Role; settings: DeviceSettings }) {
  return (
    <Routes>
      <Route index element={<Home role={role} />} />
      <Route path="settings" element={<SettingsScreen settings={settings} />} />
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
          <Route path="today" element={<FlowCountList />} />
        </>
      )}
      {isSupervisorOrAdmin(role) && <Route path="devices" element={<DevicesList />} />}
      {role === 'admin' && (
        <>
          <Route path="admin/users" element={<UsersList />} />
          <Route path="admin/users/new" element={<NewUserForm />} />
          <Route path="admin/users/:id" element={<EditUser />} />
        </>
      )}
      <Route path="*" element={<NotFound />} />
    </Routes>
  )
}

function NotFound() {
  const { t } = useTranslation()
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <Link to="/">{t('app.backHome')}</Link>
    </section>
  )
}
