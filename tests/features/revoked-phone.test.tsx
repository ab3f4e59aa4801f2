/** A phone revoked for its user (sync-protocol.md, device revocation) is erased, and says why. */
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { renderApp } from './helpers/render-app'

describe('a revoked phone', () => {
  it('erases the user’s data, signs out and says who removed the phone and what to do', async () => {
    const { services, session } = await renderApp({ role: 'registrar', sites: ['AGZ-TC'] })
    await waitFor(() => expect(services.startSync).toHaveBeenCalled())
    const deps = vi.mocked(services.startSync).mock.calls[0]![0]
    await act(async () => deps.onWipeRequested())

    expect(await screen.findByLabelText('Username')).toBeInTheDocument()
    expect(screen.getByRole('alert')).toHaveTextContent(
      /This phone was removed from Relais for your account by a supervisor or an admin.*Ask your supervisor/,
    )
    await waitFor(() => expect(services.eraseUserData).toHaveBeenCalledWith(session!.user.id))
  })
})
