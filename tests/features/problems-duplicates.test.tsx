/**
 * "Possible duplicates" in Problems, its API stubbed at fetch: each pair side by side,
 * merged after choosing which case to keep and confirming, marked "not the same
 * person" after a confirmation and brought back by the notice's Undo, a recent merge
 * undone; refusals in the user's words, never codes.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DuplicateList } from '@/shared/schemas/duplicates'
import { stubApi } from './admin/fake-api'
import { duplicatePerson } from './helpers/problem-records'
import { renderApp } from './helpers/render-app'

afterEach(() => vi.unstubAllGlobals())

const keep = duplicatePerson({})
const other = duplicatePerson({
  id: '01890000-0000-7000-8000-0000000000e2',
  caseNumber: 'AGZ-3P-0007',
  givenName: 'Mohamed',
  familyName: 'Ouedraogo',
  dateOfBirth: '1991-01-01',
  dateOfBirthEstimated: true,
  consentSharing: false,
})
const farAway = duplicatePerson({
  id: '01890000-0000-7000-8000-0000000000e3',
  caseNumber: 'ARL-9Q-0101',
  siteCode: 'ARL-TC',
  givenName: 'Mahamadu',
})

const list: DuplicateList = {
  pairs: [
    { a: keep, b: other, score: 0.93, flagged: true, sameSite: true },
    { a: keep, b: farAway, score: 0.97, flagged: false, sameSite: false },
  ],
  merges: [
    {
      keepId: '01890000-0000-7000-8000-0000000000f1',
      mergeId: '01890000-0000-7000-8000-0000000000f2',
      siteCode: 'AGZ-TC',
      keepCaseNumber: 'AGZ-7K-0001',
      mergeCaseNumber: 'AGZ-7K-0002',
      mergedAt: '2026-12-02T10:00:00.000Z',
      mergedBy: { id: 'u-9', name: 'Mariama Sani' },
    },
  ],
}

const problems = {
  'GET /api/v1/rejections': { status: 200, body: { records: [] } },
  'GET /api/v1/quarantine': { status: 200, body: { records: [] } },
  'GET /api/v1/conflicts': { status: 200, body: [] },
  'GET /api/v1/duplicates': { status: 200, body: list },
}

async function openProblems(lang: 'en' | 'fr' = 'en') {
  return renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC', 'ARL-TC'], lang })
}

describe('possible duplicates in Problems', () => {
  it('shows each pair side by side with what tells people apart', async () => {
    stubApi(problems)
    await openProblems()
    const section = await screen.findByRole('region', { name: 'Possible duplicates' })
    const pair = await within(section).findByRole('article', { name: /AGZ-7K-0042 and AGZ-3P-0007/ })
    expect(pair).toHaveTextContent('Flagged by a registrar · Names 93 % alike')
    const sides = pair.querySelectorAll('dl')
    expect(sides).toHaveLength(2)
    expect(sides[0]).toHaveTextContent('Mahamadou Ouédraogo')
    await waitFor(() => expect(sides[0]).toHaveTextContent('Agadez transit centre'))
    expect(sides[1]).toHaveTextContent('Mohamed Ouedraogo')
    expect(sides[1]).toHaveTextContent('about 1991 (estimated)')
    expect(sides[1]).toHaveTextContent('Refused')
    // across two centres: the merge waits for a transfer
    const across = within(section).getByRole('article', { name: /AGZ-7K-0042 and ARL-9Q-0101/ })
    expect(across).toHaveTextContent('transfer one of them first')
    expect(within(across).getByRole('button', { name: 'Merge…' })).toBeDisabled()
  })

  it('merges after choosing the case to keep and confirming', async () => {
    let listed = list
    const api = stubApi({
      ...problems,
      'GET /api/v1/duplicates': () => ({ status: 200, body: listed }),
      'POST /api/v1/duplicates/merge': () => {
        listed = { ...list, pairs: list.pairs.slice(1) }
        return { status: 200, body: { keepId: keep.id, mergeId: other.id, keepRev: 2, mergeRev: 2, moved: 3 } }
      },
    })
    const { user } = await openProblems()
    const pair = await screen.findByRole('article', { name: /AGZ-7K-0042 and AGZ-3P-0007/ })
    await user.click(within(pair).getByRole('button', { name: 'Merge…' }))
    await user.click(within(pair).getByRole('button', { name: 'Merge these cases' }))
    expect(within(pair).getByRole('alert')).toHaveTextContent('Choose the case to keep.')
    expect(api.writes()).toHaveLength(0)

    const choice = within(pair).getByRole('group', { name: 'Which case do you keep?' })
    await user.click(within(choice).getByRole('radio', { name: 'Keep AGZ-7K-0042' }))
    await user.click(within(pair).getByRole('button', { name: 'Merge these cases' }))
    expect(api.writes()).toEqual([
      expect.objectContaining({ path: '/api/v1/duplicates/merge', body: { keepId: keep.id, mergeId: other.id } }),
    ])
    expect(await screen.findByRole('status')).toHaveTextContent('AGZ-3P-0007 was merged into AGZ-7K-0042.')
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: /AGZ-7K-0042 and AGZ-3P-0007/ })).not.toBeInTheDocument(),
    )
  })

  it('says why a merge was refused, in French, never the code', async () => {
    stubApi({
      ...problems,
      'POST /api/v1/duplicates/merge': {
        status: 400,
        body: {
          error: 'merge_needs_same_site',
          message: 'Both cases must be at the same site: transfer one first',
          issues: [{ path: ['mergeId'], code: 'merge_needs_same_site' }],
        },
      },
    })
    const { user } = await openProblems('fr')
    const pair = await screen.findByRole('article', { name: /AGZ-7K-0042 et AGZ-3P-0007/ })
    // the role as the app names it everywhere, not "un enregistreur" (a recording device)
    expect(pair).toHaveTextContent("Signalé par un agent d'enregistrement")
    await user.click(within(pair).getByRole('button', { name: 'Fusionner…' }))
    await user.click(within(pair).getByRole('radio', { name: 'Garder AGZ-3P-0007' }))
    await user.click(within(pair).getByRole('button', { name: 'Fusionner ces dossiers' }))
    const alert = await within(pair).findByRole('alert')
    expect(alert).toHaveTextContent('Ces dossiers sont dans deux centres différents : transférez d’abord l’un d’eux.')
    expect(alert).not.toHaveTextContent('merge_needs_same_site')
  })

  it('marks a pair as different people, and undoes a recent merge', async () => {
    const api = stubApi({
      ...problems,
      'POST /api/v1/duplicates/distinct': { status: 200, body: { aId: keep.id, bId: other.id } },
      'POST /api/v1/duplicates/undo': {
        status: 200,
        body: { keepId: list.merges[0]?.keepId, mergeId: list.merges[0]?.mergeId, restored: 2 },
      },
    })
    const { user } = await openProblems()
    const pair = await screen.findByRole('article', { name: /AGZ-7K-0042 and AGZ-3P-0007/ })
    await user.click(within(pair).getByRole('button', { name: 'Not the same person' }))
    await user.click(within(pair).getByRole('button', { name: 'Yes, different people' }))
    expect(await screen.findByRole('status')).toHaveTextContent(
      'AGZ-7K-0042 and AGZ-3P-0007 are marked as different people.',
    )
    const line = screen.getByText(/AGZ-7K-0002 merged into AGZ-7K-0001 on .* by Mariama Sani\./)
    await user.click(within(line).getByRole('button', { name: 'Undo' }))
    await waitFor(() =>
      expect(api.writes().map((w) => [w.path, w.body])).toEqual([
        ['/api/v1/duplicates/distinct', { aId: keep.id, bId: other.id }],
        ['/api/v1/duplicates/undo', { mergeId: list.merges[0]?.mergeId }],
      ]),
    )
    expect(await screen.findByText('The merge of AGZ-7K-0002 was undone.')).toBeInTheDocument()
  })

  it('asks before marking a pair as different people, and Undo brings the pair back', async () => {
    let marked = false
    const api = stubApi({
      ...problems,
      'GET /api/v1/duplicates': () => ({
        status: 200,
        body: { ...list, pairs: marked ? list.pairs.slice(1) : list.pairs },
      }),
      'POST /api/v1/duplicates/distinct': () => {
        marked = true
        return { status: 200, body: { aId: keep.id, bId: other.id } }
      },
      'POST /api/v1/duplicates/distinct/undo': () => {
        marked = false
        return { status: 200, body: { aId: keep.id, bId: other.id } }
      },
    })
    const { user } = await openProblems()
    const pair = await screen.findByRole('article', { name: /AGZ-7K-0042 and AGZ-3P-0007/ })
    await user.click(within(pair).getByRole('button', { name: 'Not the same person' }))
    // nothing is sent before the supervisor confirms
    const question = within(pair).getByRole('group', { name: 'Not the same person' })
    expect(question).toHaveTextContent(
      'Mark AGZ-7K-0042 and AGZ-3P-0007 as different people? They leave this list. You can undo this.',
    )
    await user.click(within(question).getByRole('button', { name: 'Cancel' }))
    expect(api.writes()).toEqual([])
    await user.click(within(pair).getByRole('button', { name: 'Not the same person' }))
    await user.click(within(pair).getByRole('button', { name: 'Yes, different people' }))
    const notice = await screen.findByRole('status')
    expect(notice).toHaveTextContent('AGZ-7K-0042 and AGZ-3P-0007 are marked as different people.')
    await waitFor(() => expect(pair).not.toBeInTheDocument())
    await user.click(within(notice).getByRole('button', { name: 'Undo' }))
    expect(
      await screen.findByText('AGZ-7K-0042 and AGZ-3P-0007 are listed again as possible duplicates.'),
    ).toBeInTheDocument()
    expect(await screen.findByRole('article', { name: /AGZ-7K-0042 and AGZ-3P-0007/ })).toBeInTheDocument()
    expect(screen.getByRole('status')).not.toHaveTextContent('Undo')
    expect(api.writes().map((w) => [w.path, w.body])).toEqual([
      ['/api/v1/duplicates/distinct', { aId: keep.id, bId: other.id }],
      ['/api/v1/duplicates/distinct/undo', { aId: keep.id, bId: other.id }],
    ])
  })

  it('says in French when the mark can no longer be undone', async () => {
    stubApi({
      ...problems,
      'POST /api/v1/duplicates/distinct': { status: 200, body: { aId: keep.id, bId: other.id } },
      'POST /api/v1/duplicates/distinct/undo': { status: 404, body: { error: 'not_found' } },
    })
    const { user } = await openProblems('fr')
    const pair = await screen.findByRole('article', { name: /AGZ-7K-0042 et AGZ-3P-0007/ })
    await user.click(within(pair).getByRole('button', { name: 'Pas la même personne' }))
    expect(within(pair).getByRole('group', { name: 'Pas la même personne' })).toHaveTextContent(
      'Indiquer AGZ-7K-0042 et AGZ-3P-0007 comme des personnes différentes ?',
    )
    await user.click(within(pair).getByRole('button', { name: 'Oui, des personnes différentes' }))
    const notice = await screen.findByRole('status')
    await user.click(within(notice).getByRole('button', { name: 'Annuler' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Ce dossier n’est plus disponible')
  })

  it('keeps each case number whole and apart from an Arabic sentence, and a name as text', async () => {
    const unnumbered = duplicatePerson({
      id: '01890000-0000-7000-8000-0000000000e4',
      caseNumber: null,
      givenName: '<b>Awa',
      familyName: 'Traoré</b>',
    })
    stubApi({
      ...problems,
      'GET /api/v1/duplicates': {
        status: 200,
        body: { pairs: [{ a: keep, b: unnumbered, score: 0.9, flagged: false, sameSite: true }], merges: [] },
      },
    })
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'ar' })
    const title = (await screen.findByText('AGZ-7K-0042', { selector: 'h3 bdi' })).closest('h3')!
    expect(title).toHaveTextContent('AGZ-7K-0042 و<b>Awa Traoré</b>')
    const [number, name] = title.querySelectorAll('bdi')
    // the number in its monospace class, which keeps it on one line; a name in plain text
    expect(number).toHaveClass('case-number')
    expect(name).not.toHaveClass('case-number')
    expect(name).toHaveTextContent('<b>Awa Traoré</b>')
    expect(title.querySelector('b')).toBeNull()
  })

  it('says when the server cannot be reached', async () => {
    stubApi({ ...problems, 'GET /api/v1/duplicates': 'offline' })
    await openProblems()
    const section = await screen.findByRole('region', { name: 'Possible duplicates' })
    expect(await within(section).findByText('Listed as soon as the server can be reached.')).toBeInTheDocument()
  })

  it('says "needs a connection" once when the whole screen is offline', async () => {
    stubApi({
      'GET /api/v1/rejections': 'offline',
      'GET /api/v1/quarantine': 'offline',
      'GET /api/v1/conflicts': 'offline',
      'GET /api/v1/duplicates': 'offline',
    })
    await openProblems()
    await screen.findByText('Listed as soon as the server can be reached.')
    expect(await screen.findAllByText('Offline: this screen is read from the server.')).toHaveLength(1)
  })
})
