/**
 * Problems: a record sent after its author lost access to the site (`kind: lost_site`)
 * is accepted or discarded by the supervisor, each after a confirmation, in the user's
 * words (English, French, Arabic); a record the rules still refuse says why and stays.
 * The card and its question say which case or tally it is, as the server names it.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { stubApi } from './admin/fake-api'
import { refusedRecord } from './helpers/problem-records'
import { renderApp } from './helpers/render-app'

afterEach(() => vi.unstubAllGlobals())

const lostSite = refusedRecord({
  id: '01890000-0000-4000-8000-0000000000a1',
  errors: [{ path: ['siteCode'], code: 'forbidden' }],
  kind: 'lost_site',
})

const lists = {
  'GET /api/v1/rejections': { status: 200, body: { records: [lostSite] } },
  'GET /api/v1/quarantine': { status: 200, body: { records: [] } },
  'GET /api/v1/conflicts': { status: 200, body: [] },
}

const answer = (status: string, extra: Record<string, unknown> = {}) => ({
  status: 200,
  body: { results: [{ id: lostSite.id, status, ...extra }] },
})

describe('work sent after losing a site, in Problems', () => {
  it('accepts it after a confirmation, and the list drops it', async () => {
    const api = stubApi({ ...lists, 'POST /api/v1/rejections/accept': answer('applied', { rev: 1 }) })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    const entry = await screen.findByRole('article', { name: /Refused · Case/ })
    expect(entry).toHaveTextContent('Sent by Aïcha Moussa after they lost access to this site.')
    // not the phone's advice: the content is on the server, for the supervisor
    expect(entry).not.toHaveTextContent('Its content stays on the phone')
    await user.click(within(entry).getByRole('button', { name: 'Accept' }))
    expect(api.writes()).toEqual([])
    const question = within(entry).getByRole('group', { name: 'Accept' })
    expect(question).toHaveTextContent('saved as Aïcha Moussa’s')
    await user.click(within(question).getByRole('button', { name: 'Cancel' }))
    expect(api.writes()).toEqual([])
    await user.click(within(entry).getByRole('button', { name: 'Accept' }))
    await user.click(within(entry).getByRole('button', { name: 'Yes, accept it' }))
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Accepted: it is a record of the site now, and every phone of the site receives it at its next sync.',
    )
    expect(screen.queryByRole('article', { name: /Refused · Case/ })).not.toBeInTheDocument()
    expect(api.writes()).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/v1/rejections/accept', body: { ids: [lostSite.id] } }),
    ])
  })

  it('discards it after a confirmation, in French', async () => {
    const api = stubApi({ ...lists, 'POST /api/v1/rejections/discard-kept': answer('discarded') })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'fr' })
    const entry = await screen.findByRole('article', { name: /Dossier/ })
    expect(entry).toHaveTextContent('Envoyée par Aïcha Moussa après avoir perdu l’accès à ce site.')
    await user.click(within(entry).getByRole('button', { name: 'Abandonner' }))
    expect(within(entry).getByRole('group', { name: 'Abandonner' })).toHaveTextContent('C’est définitif.')
    await user.click(within(entry).getByRole('button', { name: 'Oui, l’abandonner' }))
    await screen.findByRole('status')
    expect(screen.queryByRole('article', { name: /Dossier/ })).not.toBeInTheDocument()
    expect(api.writes()).toEqual([
      expect.objectContaining({ path: '/api/v1/rejections/discard-kept', body: { ids: [lostSite.id] } }),
    ])
  })

  it('says in words why the rules still refuse it, and keeps it', async () => {
    stubApi({
      ...lists,
      'POST /api/v1/rejections/accept': answer('rejected', { errors: [{ path: ['registeredOn'], code: 'event_day' }] }),
    })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    const entry = await screen.findByRole('article', { name: /Refused · Case/ })
    await user.click(within(entry).getByRole('button', { name: 'Accept' }))
    await user.click(within(entry).getByRole('button', { name: 'Yes, accept it' }))
    const alert = await within(entry).findByRole('alert')
    expect(alert).toHaveTextContent('This record still breaks a rule, so it was not accepted:')
    expect(alert).toHaveTextContent('A date is not possible (before 1900, or after today).')
    expect(alert).not.toHaveTextContent('event_day')
    expect(within(entry).getByRole('button', { name: 'Accept' })).toBeEnabled()
  })

  it('says which case or tally the work is, on the card and in the question', async () => {
    const named = {
      ...lostSite,
      subject: {
        case: { id: lostSite.recordId, caseNumber: 'AGZ-7K-0042', name: 'Mariatou Sani' },
        at: null,
        kind: null,
      },
    }
    const tally = refusedRecord({
      id: '01890000-0000-4000-8000-0000000000a2',
      mutationId: '01890000-0000-7000-8000-0000000000b2',
      recordId: '01890000-0000-7000-8000-0000000000c2',
      entity: 'flowCount',
      siteCode: 'SEG-FMP',
      errors: [{ path: ['siteCode'], code: 'forbidden' }],
      kind: 'lost_site',
      subject: { case: null, at: '2026-11-30T16:45:00.000+01:00', kind: 'incoming' },
    })
    stubApi({ ...lists, 'GET /api/v1/rejections': { status: 200, body: { records: [named, tally] } } })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC', 'SEG-FMP'] })
    const entry = await screen.findByRole('article', { name: /AGZ-7K-0042 · Mariatou Sani/ })
    expect(entry).toHaveTextContent('Sent by Aïcha Moussa after they lost access to this site.')
    expect(entry).not.toHaveTextContent('Not on the server')
    await user.click(within(entry).getByRole('button', { name: 'Discard' }))
    // the question that takes focus says what is discarded
    await waitFor(() => expect(document.activeElement).toHaveTextContent(/^AGZ-7K-0042 · Mariatou Sani/))
    expect(document.activeElement).toHaveTextContent(/Discard this record\?/)
    const counted = screen.getByRole('article', { name: /Tally/ })
    expect(within(counted).getByRole('heading')).toHaveTextContent(/Counted .*16:45 · Incoming/)
  })

  it('speaks Arabic', async () => {
    stubApi(lists)
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'ar' })
    expect(await screen.findByText(/أرسله Aïcha Moussa بعد أن فقد صلاحية الوصول إلى هذا الموقع/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'قبول' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'تخلٍّ' })).toBeInTheDocument()
  })

  it('says when it was recorded at the centre its case left, and accepts it the same way', async () => {
    const movedCase = {
      ...lostSite,
      errors: [{ path: ['registrationId'], code: 'unavailable' }],
      keptBecause: 'case_moved',
    }
    const api = stubApi({
      ...lists,
      'GET /api/v1/rejections': { status: 200, body: { records: [movedCase] } },
      'POST /api/v1/rejections/accept': answer('applied', { rev: 1 }),
    })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['ARL-TC'] })
    const entry = await screen.findByRole('article', { name: /Refused · Case/ })
    expect(entry).toHaveTextContent('Recorded by Aïcha Moussa at the centre this case left')
    expect(entry).not.toHaveTextContent('lost access')
    await user.click(within(entry).getByRole('button', { name: 'Accept' }))
    await user.click(within(entry).getByRole('button', { name: 'Yes, accept it' }))
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Accepted: it is a record of the site now, and every phone of the site receives it at its next sync.',
    )
    expect(api.writes()).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/v1/rejections/accept', body: { ids: [movedCase.id] } }),
    ])
  })
})
