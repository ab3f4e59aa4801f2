/**
 * "Your unfinished form was restored." only for a draft holding something the user typed:
 * a registration form left untouched (its centre preselected, its days filled in) and
 * opened again says nothing about a draft.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { loadDraft } from '@/data/drafts'
import { renderApp } from './helpers/render-app'

const RESTORED = 'Your unfinished form was restored.'

describe('the restored-draft notice', () => {
  it('is not shown on a registration form opened again untouched, and is once something was answered', async () => {
    const first = await renderApp({ path: '/register' })
    await screen.findByRole('heading', { level: 2, name: /Step 1 of \d+: Consent/ })
    // the one transit centre is preselected: a draft is written, with nothing typed in it
    await waitFor(async () => expect(await loadDraft(first.db, 'registration:new')).toBeDefined(), {
      timeout: 3000,
    })
    first.unmount()

    const second = await renderApp({ path: '/register', session: first.session })
    await screen.findByRole('heading', { level: 2, name: /Step 1 of \d+: Consent/ })
    expect(screen.getByLabelText('Transit centre')).toHaveValue('AGZ-TC')
    expect(screen.queryByText(RESTORED)).not.toBeInTheDocument()

    await second.user.click(
      within(screen.getByRole('group', { name: 'Consent to data processing' })).getByLabelText('Yes'),
    )
    await waitFor(
      async () =>
        expect(await loadDraft(second.db, 'registration:new')).toMatchObject({
          values: { consentProcessing: 'yes' },
        }),
      { timeout: 3000 },
    )
    second.unmount()

    await renderApp({ path: '/register', session: first.session })
    await screen.findByRole('heading', { level: 2, name: /Step 1 of \d+: Consent/ })
    expect(screen.getByText(RESTORED)).toBeInTheDocument()
  }, 30_000)
})
