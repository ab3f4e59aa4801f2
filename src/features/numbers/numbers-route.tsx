/**
 * The Numbers screen, loaded on first use: the screen and uPlot (with its CSS) stay out
 * of the app's first download (the service worker still precaches them for offline use).
 */
import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'

const NumbersScreen = lazy(() => import('./numbers-screen'))

export function NumbersRoute() {
  const { t } = useTranslation()
  return (
    <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
      <NumbersScreen />
    </Suspense>
  )
}
