import { render, screen } from '@testing-library/react'
import { lazy, Suspense } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ScreenBoundary } from '@/app/screen-boundary'
import { setLanguage } from '@/i18n/i18n'

afterEach(() => vi.restoreAllMocks())

describe('a screen whose code cannot be loaded', () => {
  it('says so in words and offers to try again, then lets the next screen try', async () => {
    await setLanguage('fr')
    vi.spyOn(console, 'error').mockImplementation(() => undefined) // React reports the caught error
    const Missing = lazy(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')))
    const view = render(
      <ScreenBoundary path="/tally">
        <Suspense fallback={null}>
          <Missing />
        </Suspense>
      </ScreenBoundary>,
    )
    expect(await screen.findByRole('heading', { name: "Cet écran n'a pas pu s'ouvrir" })).toBeInTheDocument()
    expect(screen.getByText(/Tout ce que vous avez enregistré est conservé/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeInTheDocument()

    view.rerender(
      <ScreenBoundary path="/today">
        <p>Aujourd’hui</p>
      </ScreenBoundary>,
    )
    expect(await screen.findByText('Aujourd’hui')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })
})
