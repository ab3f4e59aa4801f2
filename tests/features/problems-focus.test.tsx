/**
 * Problems keep a keyboard user's place: an opened choice takes focus (its question),
 * Cancel gives it back to the button that opened it, and once an entry is settled and
 * leaves the list, focus goes to the notice that says so, never to the page.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DuplicateList } from '@/shared/schemas/duplicates'
import { namedRegistration } from '../helpers/records'
import { stubApi } from './admin/fake-api'
import { duplicatePerson, refusedRecord, registrationConflict } from './helpers/problem-records'
import { renderApp } from './helpers/render-app'

afterEach(() => vi.unstubAllGlobals())

const base = namedRegistration({ siteCode: 'AGZ-TC' })
const conflict = registrationConflict(
  base,
  { server: { caseStatus: 'assessed' }, incoming: { caseStatus: 'assisted' } },
  {
    incoming: { deviceName: 'Tecno Aïcha' },
    subject: { case: { id: base.id, caseNumber: 'AGZ-H9-0003', name: 'Hadiza Souley' }, at: null, kind: null },
  },
)

const lostSite = refusedRecord({
  id: '01890000-0000-4000-8000-0000000000a1',
  errors: [{ path: ['siteCode'], code: 'forbidden' }],
  kind: 'lost_site',
  subject: { case: { id: 'c-2', caseNumber: 'AGZ-H9-0007', name: 'Rakia Adamou' }, at: null, kind: null },
})

const keep = duplicatePerson({})
const other = duplicatePerson({
  id: '01890000-0000-7000-8000-0000000000e2',
  caseNumber: 'AGZ-3P-0007',
  givenName: 'Mohamed',
})
const merge = {
  keepId: '01890000-0000-7000-8000-0000000000f1',
  mergeId: '01890000-0000-7000-8000-0000000000f2',
  siteCode: 'AGZ-TC',
  keepCaseNumber: 'AGZ-7K-0001',
  mergeCaseNumber: 'AGZ-7K-0002',
  mergedAt: '2026-12-02T10:00:00.000Z',
  mergedBy: { id: 'u-9', name: 'Mariama Sani' },
}
const duplicates: DuplicateList = {
  pairs: [{ a: keep, b: other, score: 0.93, flagged: true, sameSite: true }],
  merges: [merge],
}

const lists = {
  'GET /api/v1/rejections': { status: 200, body: { records: [lostSite] } },
  'GET /api/v1/quarantine': { status: 200, body: { records: [] } },
  'GET /api/v1/conflicts': { status: 200, body: [conflict] },
  'GET /api/v1/duplicates': { status: 200, body: { pairs: [], merges: [] } },
}

const openProblems = () => renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })

describe('keyboard focus in Problems', () => {
  it('goes to the notice once a conflict is resolved and leaves the list', async () => {
    stubApi({
      ...lists,
      'POST /api/v1/conflicts/conf-1/resolve': {
        status: 200,
        body: {
          id: 'conf-1',
          status: 'resolved',
          choice: 'merged',
          entity: 'registration',
          recordId: base.id,
          rev: 3,
          deleted: false,
          data: base,
        },
      },
    })
    const { user } = await openProblems()
    const entry = await screen.findByRole('article', { name: /Conflict · Case AGZ-H9-0003/ })
    await user.click(within(entry).getByRole('radio', { name: /phone/ }))
    await user.click(within(entry).getByRole('button', { name: 'Keep these values' }))
    const notice = await screen.findByRole('status')
    expect(notice).toHaveTextContent('Resolved')
    await waitFor(() => expect(document.activeElement).toBe(notice))
  })

  it('goes to what went wrong when the server refuses the choices', async () => {
    stubApi({
      ...lists,
      'POST /api/v1/conflicts/conf-1/resolve': { status: 409, body: { error: 'already_resolved', message: 'x' } },
    })
    const { user } = await openProblems()
    const entry = await screen.findByRole('article', { name: /Conflict · Case AGZ-H9-0003/ })
    await user.click(within(entry).getByRole('radio', { name: /server/ }))
    await user.click(within(entry).getByRole('button', { name: 'Keep these values' }))
    const alert = await within(entry).findByRole('alert')
    await waitFor(() => expect(document.activeElement).toBe(alert))
  })

  it('takes work at a lost site through its question and back, then to the notice', async () => {
    stubApi({
      ...lists,
      'POST /api/v1/rejections/discard-kept': {
        status: 200,
        body: { results: [{ id: lostSite.id, status: 'discarded' }] },
      },
    })
    const { user } = await openProblems()
    const entry = await screen.findByRole('article', { name: /Refused · Case AGZ-H9-0007/ })
    await user.click(within(entry).getByRole('button', { name: 'Accept' }))
    // the question names the record first, then asks
    await waitFor(() =>
      expect(document.activeElement).toHaveTextContent(/^AGZ-H9-0007 · Rakia Adamou\s*Accept this record\?/),
    )
    await user.click(within(entry).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(document.activeElement).toBe(within(entry).getByRole('button', { name: 'Accept' })))
    await user.click(within(entry).getByRole('button', { name: 'Discard' }))
    await waitFor(() =>
      expect(document.activeElement).toHaveTextContent(/^AGZ-H9-0007 · Rakia Adamou\s*Discard this record\?/),
    )
    await user.click(within(entry).getByRole('button', { name: 'Yes, discard it' }))
    await waitFor(() => expect(screen.queryByRole('article', { name: /Refused/ })).not.toBeInTheDocument())
    await waitFor(() =>
      expect(document.activeElement).toHaveTextContent('Discarded: what was sent is deleted from the server.'),
    )
  })

  it('gives focus back to the accept button when the rules still refuse the work', async () => {
    stubApi({
      ...lists,
      'POST /api/v1/rejections/accept': {
        status: 200,
        body: {
          results: [{ id: lostSite.id, status: 'rejected', errors: [{ path: ['registeredOn'], code: 'event_day' }] }],
        },
      },
    })
    const { user } = await openProblems()
    const entry = await screen.findByRole('article', { name: /Refused · Case AGZ-H9-0007/ })
    await user.click(within(entry).getByRole('button', { name: 'Accept' }))
    await user.click(within(entry).getByRole('button', { name: 'Yes, accept it' }))
    await within(entry).findByRole('alert')
    await waitFor(() => expect(document.activeElement).toBe(within(entry).getByRole('button', { name: 'Accept' })))
  })

  it('takes a merge through its choice and back, and goes to the notice after each action', async () => {
    let listed = duplicates
    stubApi({
      ...lists,
      'GET /api/v1/duplicates': () => ({ status: 200, body: listed }),
      'POST /api/v1/duplicates/merge': () => {
        listed = { ...listed, pairs: [] }
        return { status: 200, body: { keepId: keep.id, mergeId: other.id, keepRev: 2, mergeRev: 2, moved: 0 } }
      },
      'POST /api/v1/duplicates/undo': () => {
        listed = { ...listed, merges: [] }
        return { status: 200, body: { keepId: merge.keepId, mergeId: merge.mergeId, restored: 0 } }
      },
    })
    const { user } = await openProblems()
    const section = await screen.findByRole('region', { name: 'Possible duplicates' })
    const pair = await within(section).findByRole('article', { name: /AGZ-7K-0042 and AGZ-3P-0007/ })
    await user.click(within(pair).getByRole('button', { name: 'Merge…' }))
    await waitFor(() => expect(document.activeElement).toHaveTextContent('Which case do you keep?'))
    await user.click(within(pair).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(document.activeElement).toBe(within(pair).getByRole('button', { name: 'Merge…' })))

    await user.click(within(pair).getByRole('button', { name: 'Merge…' }))
    await user.click(within(pair).getByRole('radio', { name: 'Keep AGZ-7K-0042' }))
    await user.click(within(pair).getByRole('button', { name: 'Merge these cases' }))
    await waitFor(() => expect(pair).not.toBeInTheDocument())
    await waitFor(() => expect(document.activeElement).toHaveTextContent('AGZ-3P-0007 was merged into AGZ-7K-0042.'))

    await user.click(within(section).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(document.activeElement).toHaveTextContent('The merge of AGZ-7K-0002 was undone.'))
  })

  it('takes "not the same person" through its question and back, then to the notice', async () => {
    stubApi({
      ...lists,
      'GET /api/v1/duplicates': { status: 200, body: duplicates },
      'POST /api/v1/duplicates/distinct': { status: 200, body: { aId: keep.id, bId: other.id } },
    })
    const { user } = await openProblems()
    const pair = await screen.findByRole('article', { name: /AGZ-7K-0042 and AGZ-3P-0007/ })
    // the question takes focus; Cancel gives it back
    await user.click(within(pair).getByRole('button', { name: 'Not the same person' }))
    await waitFor(() => expect(document.activeElement).toHaveTextContent(/^Mark AGZ-7K-0042 and AGZ-3P-0007 as/))
    await user.click(within(pair).getByRole('button', { name: 'Cancel' }))
    await waitFor(() =>
      expect(document.activeElement).toBe(within(pair).getByRole('button', { name: 'Not the same person' })),
    )
    await user.click(within(pair).getByRole('button', { name: 'Not the same person' }))
    await user.click(within(pair).getByRole('button', { name: 'Yes, different people' }))
    await waitFor(() =>
      expect(document.activeElement).toHaveTextContent('AGZ-7K-0042 and AGZ-3P-0007 are marked as different people.'),
    )
  })

  it('keeps focus on the page’s buttons when the list is loaded again', async () => {
    stubApi({ ...lists, 'GET /api/v1/rejections': 'offline' })
    const { user } = await openProblems()
    await user.click(await screen.findByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refresh' })))
    stubApi(lists)
    await user.click(screen.getByRole('button', { name: 'Refresh' }))
    await screen.findByRole('article', { name: /Conflict/ })
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refresh' }))
  })
})
