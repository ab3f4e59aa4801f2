/**
 * Where focus lands after a sign-in on the form (app/use-route-focus.ts): the form that
 * had it is gone, so focus goes to the first screen's title, never to the page's body,
 * where a keyboard or screen reader user would have to start again from the top.
 */
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './helpers/render-app'

describe('focus after a sign-in', () => {
  it("goes to the home screen's title, typed and submitted with the keyboard", async () => {
    const { user, services } = await renderApp({ session: null })
    await user.click(await screen.findByLabelText('Username'))
    await user.keyboard('aicha')
    await user.tab()
    await user.keyboard('secret-password{Enter}')

    const title = await screen.findByRole('heading', { level: 1, name: 'Home' })
    expect(services.signIn).toHaveBeenCalledWith('aicha', 'secret-password', undefined)
    await waitFor(() => expect(title).toHaveFocus())
    expect(document.activeElement).not.toBe(document.body)
  })
})
