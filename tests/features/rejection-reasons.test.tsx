/** A record the server refused says why in the user's words, from the error's stable code. */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import type { RelaisDb } from '@/data/db'
import { saveRecord } from '@/data/records'
import type { FieldError } from '@/shared/schemas/sync'
import { anonymousRegistration } from '../helpers/records'
import { renderApp } from './helpers/render-app'

const refusedWith = (errors: FieldError[]) => async (db: RelaisDb) => {
  await saveRecord(db, 'registration', anonymousRegistration({ siteCode: 'AGZ-TC' }))
  const entries = await db.outbox.toArray()
  await applyPushResults(
    db,
    entries,
    entries.map((entry) => ({ mutationId: entry.mutationId, status: 'rejected' as const, errors })),
  )
}

describe('why a record was refused', () => {
  it('translates each known code once, and never shows the server’s English for an unknown one', async () => {
    await renderApp({
      path: '/cases',
      seed: refusedWith([
        { path: [], code: 'unavailable', message: 'No such record is available to you' },
        { path: ['registeredOn'], code: 'event_day', message: 'Not a possible date: from 1900 to today' },
        { path: ['consentDate'], code: 'event_day', message: 'Not a possible date: from 1900 to today' },
        { path: ['x'], code: 'some_future_rule', message: 'A rule this version does not know' },
      ]),
    })
    const reason = await screen.findByText(/Refused by the server\./)
    expect(reason).toHaveTextContent(
      'Refused by the server. This record is not at one of your sites, or no longer exists. ' +
        'A date is not possible (before 1900, or after today). ' +
        'It breaks a rule this version of Relais does not know yet: update Relais, or ask a supervisor.',
    )
    expect(reason).not.toHaveTextContent('registeredOn')
    expect(reason).not.toHaveTextContent('A rule this version does not know')
  })

  it('says it in French', async () => {
    await renderApp({
      path: '/cases',
      lang: 'fr',
      seed: refusedWith([{ path: ['total'], code: 'unrecognized_keys', message: 'Unknown field "x"' }]),
    })
    expect(
      await screen.findByText(/Elle contient un champ que ce serveur ne connaît pas : mettez Relais à jour\./),
    ).toBeInTheDocument()
  })
})
