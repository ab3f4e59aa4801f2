/**
 * Problems say which record and which phone each entry is about, as a supervisor knows
 * them: a case by its number and name (or the case a record belongs to), a tally by when
 * and which way it was counted, a phone by the name shown in Devices; never a raw id.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { QuarantinedRecord } from '@/shared/schemas/quarantine'
import type { RejectedRecord } from '@/shared/schemas/rejections'
import { namedRegistration } from '../helpers/records'
import { stubApi } from './admin/fake-api'
import { refusedRecord, registrationConflict } from './helpers/problem-records'
import { renderApp } from './helpers/render-app'

afterEach(() => vi.unstubAllGlobals())

const hadiza = { id: '01a24d94-bc3a-7000-8000-0000000000c1', caseNumber: 'AGZ-H9-0003', name: 'Hadiza Souley' }
const base = namedRegistration({ id: hadiza.id, caseNumber: hadiza.caseNumber, givenName: 'Hadiza' })

const conflict = registrationConflict(
  base,
  { server: { caseStatus: 'assessed' }, incoming: { caseStatus: 'assisted' } },
  {
    incoming: {
      deviceId: '01a24d94-8fc9-7000-8000-0000000000d3',
      deviceName: 'Tecno Aïcha',
      user: { id: 'u-3', username: 'aicha', name: 'Aïcha Moussa' },
    },
    subject: { case: hadiza, at: null, kind: null },
  },
)

const refusedAssistance = refusedRecord({
  recordId: '01a24d9b-0000-7000-8000-0000000000c9',
  entity: 'assistance',
  deviceName: null,
  user: { id: 'u-1', name: 'Ibrahim Sani' },
  errors: [{ path: ['providedOn'], code: 'event_day' }],
  subject: { case: hadiza, at: null, kind: null },
})

const refusedNew: RejectedRecord = {
  ...refusedAssistance,
  id: 'rej-2',
  recordId: '01a24d9b-1111-7000-8000-0000000000ca',
  entity: 'registration',
  rejectedAt: '2026-12-03T09:10:00.000Z',
  subject: { case: null, at: null, kind: null },
}

const unreadableTally: QuarantinedRecord = {
  recordId: '01890000-0000-7000-8000-0000000000c2',
  entity: 'flowCount',
  siteCode: 'ARL-FMP',
  rev: 3,
  deviceId: '01890000-0000-7000-8000-0000000000d2',
  deviceName: 'Itel du point',
  userId: 'u-2',
  errors: [{ path: ['total'], code: 'total_mismatch' }],
  foundAt: '2026-12-01T07:00:00.000Z',
  subject: { case: null, at: '2026-11-29T09:30:00.000+01:00', kind: 'outgoing' },
}

const lists = {
  'GET /api/v1/rejections': { status: 200, body: { records: [refusedAssistance, refusedNew] } },
  'GET /api/v1/quarantine': { status: 200, body: { records: [unreadableTally] } },
  'GET /api/v1/conflicts': { status: 200, body: [conflict] },
}

const ids = [conflict.recordId, conflict.incoming.deviceId, refusedAssistance.recordId, refusedNew.recordId]

describe('what each problem is about', () => {
  it('names the case, the case a record belongs to, a tally by its time and way, and each phone', async () => {
    stubApi(lists)
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC', 'ARL-FMP'] })
    const clash = await screen.findByRole('article', { name: 'Conflict · Case AGZ-H9-0003 · Hadiza Souley' })
    expect(clash).toHaveTextContent('Phone: Tecno Aïcha')
    const help = screen.getByRole('article', { name: 'Refused · Assistance Case AGZ-H9-0003 · Hadiza Souley' })
    // a phone its user did not name is told by its user, as Devices does
    expect(help).toHaveTextContent('Phone: not named, used by Ibrahim Sani')
    const fresh = screen.getByRole('article', { name: 'Refused · Case' })
    expect(fresh).toHaveTextContent('Not on the server: ask the phone’s user which record it is.')
    const tally = screen.getByRole('article', {
      name: 'No longer readable · Tally Counted Nov 29, 2026 at 09:30 · Outgoing',
    })
    expect(tally).toHaveTextContent('Phone: Itel du point')
    for (const article of screen.getAllByRole('article')) {
      for (const id of ids) expect(article).not.toHaveTextContent(id)
    }
  })

  it('speaks French, and keeps a case number whole and apart from Arabic text', async () => {
    stubApi(lists)
    const { unmount } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'fr' })
    expect(
      await screen.findByRole('article', { name: 'Conflit · Dossier AGZ-H9-0003 · Hadiza Souley' }),
    ).toHaveTextContent('Téléphone : Tecno Aïcha')
    expect(
      screen.getByRole('article', { name: 'Refusée · Assistance Dossier AGZ-H9-0003 · Hadiza Souley' }),
    ).toHaveTextContent('Téléphone : sans nom, utilisé par Ibrahim Sani')
    expect(
      screen.getByRole('article', { name: /Illisible · Comptage Compté le 29 nov\. 2026 à 09:30 · Sortant/ }),
    ).toBeInTheDocument()
    unmount()

    stubApi(lists)
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'ar' })
    const [number] = await screen.findAllByText('AGZ-H9-0003', { selector: 'h2 bdi' })
    if (!number) throw new Error('no case number')
    expect(number).toHaveClass('case-number')
    const name = within(number.closest('h2')!).getByText('Hadiza Souley')
    expect(name.tagName).toBe('BDI')
    expect(name).not.toHaveClass('case-number')
  })

  it('names who wrote a record by the staff directory, never by an id: on each side of a conflict and in a record no longer readable', async () => {
    const elsewhere = 'e2aa6be6-67dd-4d70-b6f2-68696ea7c54c' // a registrar of another centre, unknown to this phone
    const authors = registrationConflict(
      base,
      // the phone's user wrote their own version of who registered the case
      { server: { registeredBy: elsewhere }, incoming: { registeredBy: 'u-3' } },
      { id: 'conf-2', subject: { case: hadiza, at: null, kind: null } },
    )
    stubApi({
      'GET /api/v1/rejections': { status: 200, body: { records: [] } },
      'GET /api/v1/quarantine': { status: 200, body: { records: [{ ...unreadableTally, userId: elsewhere }] } },
      'GET /api/v1/conflicts': { status: 200, body: [authors] },
    })
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC', 'ARL-FMP'] })
    const clash = await screen.findByRole('article', { name: 'Conflict · Case AGZ-H9-0003 · Hadiza Souley' })
    const registeredBy = within(clash).getByRole('group', { name: 'Registered by' })
    expect(within(registeredBy).getByLabelText("Sent from Ibrahim Sani's phone: Ibrahim Sani")).toBeInTheDocument()
    expect(within(registeredBy).getByLabelText('On the server: a user of another centre')).toBeInTheDocument()
    const tally = screen.getByRole('article', { name: /No longer readable/ })
    expect(tally).toHaveTextContent('By a user of another centre')
    for (const article of screen.getAllByRole('article')) expect(article).not.toHaveTextContent(elsewhere)
  })

  it('still shows the record’s id when an older server does not say what it is about', async () => {
    const { subject: _, ...older } = conflict
    stubApi({ ...lists, 'GET /api/v1/conflicts': { status: 200, body: [older] } })
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    const entry = await screen.findByRole('article', { name: /Conflict · Case/ })
    expect(entry).toHaveTextContent(`Record ${conflict.recordId}`)
  })

  describe('the notice after settling an entry says which record it was', () => {
    const resolved = (c: typeof conflict) => ({
      status: 200,
      body: {
        id: c.id,
        status: 'resolved',
        choice: 'server',
        entity: c.entity,
        recordId: c.recordId,
        rev: 3,
        deleted: false,
        data: c.server.data,
      },
    })

    it('names a resolved case by its number, in English, French and Arabic', async () => {
      const cases = [
        [
          'en',
          "Keep the server's version",
          'Case \u2068AGZ-H9-0003\u2069 — Resolved: every phone gets the new version',
        ],
        ['fr', 'Garder la version du serveur', 'Dossier \u2068AGZ-H9-0003\u2069 — Résolu : chaque téléphone reçoit'],
        ['ar', 'الاحتفاظ بنسخة الخادم', 'الملف \u2068AGZ-H9-0003\u2069 — تمّ الحل'],
      ] as const
      for (const [lang, keep, notice] of cases) {
        stubApi({
          ...lists,
          'GET /api/v1/rejections': { status: 200, body: { records: [] } },
          'POST /api/v1/conflicts/conf-1/resolve': resolved(conflict),
        })
        const { user, unmount } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang })
        const entry = await screen.findByRole('article', { name: /AGZ-H9-0003/ })
        await user.click(within(entry).getByRole('button', { name: keep }))
        expect(await screen.findByRole('status')).toHaveTextContent(notice)
        unmount()
        vi.unstubAllGlobals()
      }
    })

    it('names a record of a case by its kind and its case, and a record of no case by its kind', async () => {
      const help = registrationConflict(
        base,
        { server: {}, incoming: {} },
        {
          entity: 'assistance',
          recordId: refusedAssistance.recordId,
          subject: { case: hadiza, at: null, kind: null },
        },
      )
      const { subject: _, ...older } = { ...conflict, id: 'conf-3' }
      stubApi({
        ...lists,
        'GET /api/v1/conflicts': { status: 200, body: [help, older] },
        'POST /api/v1/conflicts/conf-1/resolve': resolved(help),
        'POST /api/v1/conflicts/conf-3/resolve': resolved(older),
      })
      const { user } = await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
      const entry = await screen.findByRole('article', { name: /Conflict · Assistance/ })
      await user.click(within(entry).getByRole('button', { name: "Keep the server's version" }))
      expect(await screen.findByRole('status')).toHaveTextContent(
        'Assistance of case \u2068AGZ-H9-0003\u2069 — Resolved: every phone gets the new version',
      )
      const unnamed = screen.getByRole('article', { name: /Conflict · Case/ })
      await user.click(within(unnamed).getByRole('button', { name: "Keep the server's version" }))
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(/^Case — Resolved/))
    })
  })
})
