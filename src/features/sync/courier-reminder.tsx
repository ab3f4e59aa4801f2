/** Home's reminder: records have waited more than three days, so a courier may carry them. */
import { useTranslation } from 'react-i18next'
import { CourierSave, useCourierDue } from './courier-save'

export function CourierReminder() {
  const { t } = useTranslation()
  const due = useCourierDue()
  if (!due) return null
  return (
    <section className="courier-reminder" aria-labelledby="courier-reminder-title">
      <h2 id="courier-reminder-title">{t('courier.reminderTitle')}</h2>
      <CourierSave />
    </section>
  )
}
