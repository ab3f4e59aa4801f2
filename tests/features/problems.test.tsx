/**
 * The supervisor's Problems screen, its API stubbed at fetch: one list of refused
 * records (ids, site, phone, author, reasons in words, no content), unreadable records
 * and conflicts, each conflict resolved by choosing a value per field.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { QuarantinedRecord } from '@/shared/schemas/quarantine'
import { namedRegistration } from '../helpers/records'
import { stubApi } from './admin/fake-api'
import { refusedRecord, registrationConflict } from './helpers/problem-records'
import { renderApp } from './helpers/render-app'

afterEach(() => vi.unstubAllGlobals())

const refused = refusedRecord()

const unreadable: QuarantinedRecord = {
  recordId: '01890000-0000-7000-8000-0000000000c2',
  entity: 'flowCount',
  siteCode: 'ARL-FMP',
  rev: 3,
  deviceId: '01890000-0000-7000-8000-0000000000d2',
  userId: 'u-2',
  errors: [{ path: ['total'], code: 'total_mismatch' }],
  foundAt: '2026-12-01T07:00:00.000Z',
}

const base = namedRegistration({ occupation: 'Tailor', siteCode: 'AGZ-TC' })
const conflict = registrationConflict(base, {
  server: { caseStatus: 'assessed', occupation: 'Driver' },
  incoming: { caseStatus: 'assisted', nationality: 'NGA' },
})

const lists = {
  'GET /api/v1/rejections': { status: 200, body: { records: [refused] } },
  'GET /api/v1/quarantine': { status: 200, body: { records: [unreadable] } },
  'GET /api/v1/conflicts': { status: 200, body: [conflict] },
}

const resolvedAnswer = {
  status: 200,
  body: {
    id: conflict.id,
    status: 'resolved',
    choice: 'merged',
    entity: 'registration',
    recordId: base.id,
    rev: 3,
    deleted: false,
    data: { ...base },
  },
}

describe('problems, for supervisors', () => {
  it('lists refused and unreadable records with ids, site, phone and reasons in words, never raw codes', async () => {
    stubApi(lists)
    const { user } = await renderApp({ role: 'supervisor', sites: ['AGZ-TC', 'ARL-FMP'] })
    await user.click(await screen.findByRole('link', { name: 'Problems' }))
    const entry = await screen.findByRole('article', { name: /Refused · Case/ })
    expect(entry).toHaveTextContent(`Record ${refused.recordId}`)
    await waitFor(() => expect(entry).toHaveTextContent('Site: Agadez transit centre'))
    expect(entry).toHaveTextContent('Phone: Tecno Aïcha')
    expect(entry).toHaveTextContent('By Aïcha Moussa')
    expect(entry).toHaveTextContent('A date is not possible (before 1900, or after today).')
    expect(entry).not.toHaveTextContent('event_day')
    const other = screen.getByRole('article', { name: /No longer readable · Tally/ })
    expect(other).toHaveTextContent('Site: Arlit flow monitoring point')
    expect(other).toHaveTextContent('The total is not men + women + boys + girls.')
    // newest first: the conflict, then the refusal, then the unreadable record
    const titles = screen.getAllByRole('article').map((a) => a.getAttribute('aria-labelledby'))
    expect(titles).toHaveLength(3)
    expect(screen.getAllByRole('article')[0]).toHaveAccessibleName(/Conflict · Case/)
  })

  it('does not ask the author to fix a refused record on a phone that was revoked: it cannot be done there any more', async () => {
    stubApi({
      ...lists,
      'GET /api/v1/rejections': { status: 200, body: { records: [refusedRecord({ deviceRevoked: 'block' })] } },
    })
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'fr' })
    const entry = await screen.findByRole('article', { name: /Refusée · Dossier/ })
    expect(entry).toHaveTextContent(
      "le téléphone d'Aïcha Moussa qui le garde a été révoqué : personne ne peut plus l'y corriger ni la renvoyer",
    )
    expect(entry).not.toHaveTextContent(/demandez à Aïcha Moussa de la corriger/)
  })

  it('lets a supervisor close a refused change of a revoked phone, after a question, and keeps focus on the way', async () => {
    const revoked = refusedRecord({ deviceRevoked: 'block' })
    const api = stubApi({
      ...lists,
      'GET /api/v1/rejections': { status: 200, body: { records: [revoked] } },
      'POST /api/v1/rejections/close-revoked': {
        status: 200,
        body: { results: [{ id: revoked.id, status: 'discarded' }] },
      },
    })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    const entry = await screen.findByRole('article', { name: /Refused · Case/ })
    const close = within(entry).getByRole('button', { name: 'Close: this change is lost' })
    await user.click(close)
    expect(within(entry).getByText(/Close this refused change\?/)).toHaveFocus()
    await user.click(within(entry).getByRole('button', { name: 'Cancel' }))
    expect(within(entry).getByRole('button', { name: 'Close: this change is lost' })).toHaveFocus()
    expect(api.writes()).toEqual([])

    await user.click(within(entry).getByRole('button', { name: 'Close: this change is lost' }))
    await user.click(within(entry).getByRole('button', { name: 'Yes, close it' }))
    await waitFor(() => expect(screen.queryByRole('article', { name: /Refused · Case/ })).not.toBeInTheDocument())
    // the notice says what closing means, not that phones get a new version
    expect(screen.getByRole('status')).toHaveTextContent(
      'Closed: the change is lost, as its phone was revoked. It has left the list.',
    )
    expect(screen.getByRole('status')).toHaveFocus()
    expect(api.writes()).toEqual([
      expect.objectContaining({ path: '/api/v1/rejections/close-revoked', body: { ids: [revoked.id] } }),
    ])
  })

  it('offers no closing for a refused change of a phone still in use: its author fixes or discards it', async () => {
    stubApi(lists)
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    const entry = await screen.findByRole('article', { name: /Refused · Case/ })
    expect(within(entry).queryByRole('button', { name: /Close/ })).not.toBeInTheDocument()
  })

  it('resolves a conflict by choosing per field, with the fields named in the user’s language', async () => {
    const api = stubApi({ ...lists, 'POST /api/v1/conflicts/conf-1/resolve': resolvedAnswer })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'fr' })
    const entry = await screen.findByRole('article', { name: /Conflit · Dossier/ })
    const status = within(entry).getByRole('group', { name: 'Statut du dossier' })
    expect(within(status).getByLabelText("Envoyé du téléphone d'Ibrahim Sani : Assisté")).toBeInTheDocument()
    expect(within(status).getByLabelText('Sur le serveur : Évalué')).toBeInTheDocument()
    expect(within(entry).getByRole('group', { name: 'Profession' })).toBeInTheDocument()
    expect(within(entry).getByRole('group', { name: 'Nationalité' })).toBeInTheDocument()
    // metadata is never a choice
    expect(within(entry).queryByRole('group', { name: 'Dernière modification' })).not.toBeInTheDocument()

    await user.click(within(entry).getByRole('button', { name: 'Garder ces valeurs' }))
    expect(within(entry).getByRole('alert')).toHaveTextContent("Nationalité : Choisissez l'une des deux valeurs.")
    expect(api.writes()).toHaveLength(0)

    await user.click(within(status).getByRole('radio', { name: /téléphone/ }))
    await user.click(
      within(within(entry).getByRole('group', { name: 'Profession' })).getByRole('radio', { name: /serveur/ }),
    )
    await user.click(
      within(within(entry).getByRole('group', { name: 'Nationalité' })).getByRole('radio', { name: /téléphone/ }),
    )
    await user.click(within(entry).getByRole('button', { name: 'Garder ces valeurs' }))
    expect(await screen.findByText(/Résolu : chaque téléphone reçoit la nouvelle version/)).toBeInTheDocument()
    expect(api.writes()).toEqual([
      expect.objectContaining({
        path: '/api/v1/conflicts/conf-1/resolve',
        body: { choice: 'merged', fields: { caseStatus: 'incoming', occupation: 'server', nationality: 'incoming' } },
      }),
    ])
    expect(screen.queryByRole('article', { name: /Conflit/ })).not.toBeInTheDocument()
  })

  it('resolves a conflict wholesale, the phone’s version kept throughout without a choice per field', async () => {
    const api = stubApi({
      ...lists,
      'POST /api/v1/conflicts/conf-1/resolve': {
        ...resolvedAnswer,
        body: { ...resolvedAnswer.body, choice: 'incoming' },
      },
    })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'fr' })
    const entry = await screen.findByRole('article', { name: /Conflit · Dossier/ })
    expect(within(entry).getByText('Ou gardez une version entière, tous les champs du même côté :')).toBeInTheDocument()
    expect(within(entry).getByRole('button', { name: 'Garder la version du serveur' })).toBeInTheDocument()
    await user.click(within(entry).getByRole('button', { name: 'Appliquer la version du téléphone' }))
    expect(await screen.findByText(/Résolu : chaque téléphone reçoit la nouvelle version/)).toBeInTheDocument()
    expect(api.writes()).toEqual([
      expect.objectContaining({ path: '/api/v1/conflicts/conf-1/resolve', body: { choice: 'incoming' } }),
    ])
    expect(screen.queryByRole('article', { name: /Conflit/ })).not.toBeInTheDocument()
  })

  it('says which rule the chosen values break, in words, and keeps the choices', async () => {
    stubApi({
      ...lists,
      'POST /api/v1/conflicts/conf-1/resolve': {
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'The resolved record does not match its schema',
          issues: [{ path: ['data', 'dateOfBirth'], code: 'birth_after_registration', message: 'Born after' }],
        },
      },
    })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    const entry = await screen.findByRole('article', { name: /Conflict · Case/ })
    for (const group of within(entry).getAllByRole('group')) {
      await user.click(within(group).getByRole('radio', { name: /phone/ }))
    }
    await user.click(within(entry).getByRole('button', { name: 'Keep these values' }))
    const alert = await within(entry).findByRole('alert')
    expect(alert).toHaveTextContent('These choices break a rule of the record:')
    expect(alert).toHaveTextContent('The date of birth is after the registration date.')
    expect(alert).not.toHaveTextContent('Born after')
    for (const group of within(entry).getAllByRole('group')) {
      expect(within(group).getByRole('radio', { name: /phone/ })).toBeChecked()
    }
  })

  it('says when someone else resolved the conflict first', async () => {
    stubApi({
      ...lists,
      'POST /api/v1/conflicts/conf-1/resolve': {
        status: 409,
        body: { error: 'already_resolved', message: 'This conflict was already resolved' },
      },
    })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    const entry = await screen.findByRole('article', { name: /Conflict · Case/ })
    for (const group of within(entry).getAllByRole('group')) {
      await user.click(within(group).getByRole('radio', { name: /server/ }))
    }
    await user.click(within(entry).getByRole('button', { name: 'Keep these values' }))
    expect(await within(entry).findByRole('alert')).toHaveTextContent('Someone already resolved this conflict.')
  })

  it('asks for a connection when the server does not answer, and tries again', async () => {
    stubApi({ ...lists, 'GET /api/v1/rejections': 'offline' })
    const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    expect(await screen.findByText('Offline: this screen is read from the server.')).toBeInTheDocument()
    stubApi(lists)
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('article', { name: /Refused · Case/ })).toBeInTheDocument()
  })

  it('is not routed for a registrar, who gets no Problems tile', async () => {
    stubApi(lists)
    await renderApp({ path: '/problems' })
    expect(await screen.findByRole('heading', { name: 'This page does not exist.' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Problems' })).not.toBeInTheDocument()
  })
})
