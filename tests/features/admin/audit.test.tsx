/**
 * The audit log screen (admins): each entry in words, in Niger time, with who did it;
 * older pages on demand with focus on the first new entry; the kind of action asked of
 * the server; no screen for a supervisor; a new load when the link comes back.
 */
import { act, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AUDIT_ACTIONS } from '@/shared/schemas/audit'
import type { AuditEntryRead } from '@/sync/audit-api'
import { renderApp } from '../helpers/render-app'
import { stubApi, type Answer } from './fake-api'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const AMINA = { name: 'Amina Issoufou', username: 'amina', role: 'registrar' } as const
const ADMIN = { name: 'Admin Niamey', username: 'admin', role: 'admin' } as const
const SUPERVISOR = { name: 'Moussa Ali', username: 'moussa', role: 'supervisor' } as const

let seq = 0
const entry = (over: Partial<AuditEntryRead>): AuditEntryRead => {
  seq += 1
  return {
    id: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    at: '2026-11-20T13:03:00.000Z',
    actorUserId: 'u-admin',
    deviceId: '01890000-0000-7000-8000-0000000000aa',
    action: 'sign_in',
    target: null,
    details: null,
    actor: ADMIN,
    targetUser: null,
    caseNumbers: {},
    ...over,
  }
}

const exported = entry({
  action: 'export',
  actorUserId: 'u-3',
  actor: SUPERVISOR,
  target: 'registration',
  details: { personal: true, format: 'csv', rows: 'streamed', sites: ['AGZ-TC'] },
})
const signedIn = entry({ action: 'sign_in', actorUserId: 'u-1', actor: AMINA, target: 'amina', details: {} })
const refused = entry({
  action: 'sign_in_failed',
  actorUserId: null,
  actor: null,
  target: 'amina',
  details: { address: '10.0.0.7', reason: 'invalid_credentials' },
})
const unknownUser = entry({
  action: 'sign_in_failed',
  actorUserId: null,
  actor: null,
  target: null,
  details: { address: '10.0.0.8', reason: 'invalid_credentials', unknownUser: true },
})
const resolved = entry({
  action: 'conflict_resolved',
  actorUserId: 'u-1',
  actor: AMINA,
  target: 'conflict-3',
  details: { entity: 'registration', choice: 'merged' },
})
const promoted = entry({
  action: 'user_updated',
  target: 'u-1',
  targetUser: AMINA,
  details: { role: { from: 'registrar', to: 'supervisor' }, active: { from: true, to: false } },
})
const read = entry({
  action: 'records_read',
  actorUserId: 'u-1',
  actor: AMINA,
  details: { registration: 3, assistance: 1, referral: 0, sites: ['AGZ-TC', 'NIM-TC'] },
})
const erased = entry({
  action: 'rejection_discarded',
  actorUserId: 'u-1',
  actor: AMINA,
  target: 'case-7',
  details: { rejection: 'r-1', entity: 'registration', author: 'u-9', reason: 'consent_withdrawn' },
})
const newer = entry({ action: 'something_new', target: 'thing-7', details: { secret: 'never shown' } })

const page = (entries: AuditEntryRead[], next: string | null = null): Answer => ({
  status: 200,
  body: { entries, next },
})

/** The query string of each audit read, in order. */
const auditQueries = (fetch: ReturnType<typeof stubApi>['fetch']) =>
  fetch.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((url) => url.pathname === '/api/v1/audit')
    .map((url) => Object.fromEntries(url.searchParams))

const rowOf = (list: HTMLElement, what: string) =>
  within(list).getByRole('heading', { name: what }).closest('li') as HTMLElement

describe('audit log (admin)', () => {
  it('says each entry in words, in Niger time, with who did it', async () => {
    const api = stubApi({
      'GET /api/v1/audit': page([exported, signedIn, refused, unknownUser, resolved, promoted, read, erased, newer]),
    })
    const { user: ui } = await renderApp({ role: 'admin' })
    await ui.click(await screen.findByRole('link', { name: 'Audit log' }))
    const list = await screen.findByRole('list', { name: 'Audit log' })

    const exportRow = rowOf(list, 'Exported with personal data: Registrations (CSV), sites: AGZ-TC')
    // 13:03 UTC is 14:03 in Niger
    expect(exportRow).toHaveTextContent(/14:03 · Moussa Ali · Supervisor/)
    expect(rowOf(list, 'Signed in')).toHaveTextContent('Amina Issoufou · Registrar')
    const refusedRow = rowOf(list, 'Sign-in refused: wrong username or password for “amina”')
    expect(refusedRow).toHaveTextContent('Not signed in')
    expect(refusedRow).toHaveTextContent('From address 10.0.0.7')
    // a username that names no account was not kept: it may have been a password
    const unknownRow = rowOf(
      list,
      'Sign-in refused: no account has the username typed (not kept: it may have been a password)',
    )
    expect(unknownRow).toHaveTextContent('From address 10.0.0.8')
    // a choice field by field, whichever side each value came from: not "merged"
    expect(
      within(list).getByRole('heading', { name: /^Resolved a conflict \(.*\): chose the values field by field$/ }),
    ).toBeInTheDocument()
    const promotedRow = rowOf(list, 'Changed the user Amina Issoufou (amina)')
    expect(promotedRow).toHaveTextContent('Role: Registrar → Supervisor')
    expect(promotedRow).toHaveTextContent('Disabled: can no longer sign in or sync')
    expect(rowOf(list, 'Read case files: Registrations (3), Assistance (1)')).toHaveTextContent('Sites: AGZ-TC, NIM-TC')
    expect(rowOf(list, 'Discarded work sent to a site its author had lost (Case)')).toHaveTextContent(
      'Deleted because the person withdrew consent',
    )
    // an action this version does not know: its code and target, never its details, never dropped
    const unknown = rowOf(list, 'Action “something_new” (not known to this version of the app)')
    expect(unknown).toHaveTextContent('On: thing-7')
    expect(unknown).not.toHaveTextContent('never shown')
    expect(auditQueries(api.fetch)).toEqual([{ limit: '50' }])
  })

  it('names resolved conflicts and merged cases by their case numbers, not by record ids', async () => {
    const referral = '01900000-0000-7000-8000-00000000aaaa'
    const kept = '01900000-0000-7000-8000-00000000bbbb'
    const merged = '01900000-0000-7000-8000-00000000cccc'
    const tally = '01900000-0000-7000-8000-00000000dddd'
    const entries = [
      entry({
        action: 'conflict_resolved',
        target: 'conflict-9',
        details: { entity: 'referral', choice: 'server', recordId: referral },
        caseNumbers: { [referral]: 'AGZ-7K-0042' },
      }),
      entry({
        action: 'cases_merged',
        details: { keepId: kept, mergeId: merged },
        caseNumbers: { [kept]: 'AGZ-7K-0001', [merged]: 'AGZ-7K-0002' },
      }),
      entry({ action: 'conflict_resolved', details: { entity: 'flowCount', choice: 'incoming', recordId: tally } }),
    ]
    stubApi({ 'GET /api/v1/audit': page(entries) })
    await renderApp({ role: 'admin', path: '/admin/audit' })
    const list = await screen.findByRole('list', { name: 'Audit log' })
    const referralRow = rowOf(list, "Resolved a conflict (Referral): kept the server's version")
    expect(referralRow).toHaveTextContent('Case AGZ-7K-0042')
    expect(referralRow).not.toHaveTextContent(referral)
    const mergedRow = rowOf(list, 'Merged two cases into one')
    expect(mergedRow).toHaveTextContent('Case kept: AGZ-7K-0001')
    expect(mergedRow).toHaveTextContent('Case merged into it: AGZ-7K-0002')
    // a tally belongs to no case: its id is all there is
    expect(rowOf(list, "Resolved a conflict (Tally): kept the phone's version")).toHaveTextContent(`Record: ${tally}`)
  })

  it('names a resolved conflict by its case number in French and Arabic', async () => {
    const referral = '01900000-0000-7000-8000-00000000aaaa'
    const resolvedReferral = entry({
      action: 'conflict_resolved',
      details: { entity: 'referral', choice: 'server', recordId: referral },
      caseNumbers: { [referral]: 'AGZ-7K-0042' },
    })
    stubApi({ 'GET /api/v1/audit': page([resolvedReferral]) })
    const { unmount } = await renderApp({ role: 'admin', path: '/admin/audit', lang: 'fr' })
    const list = await screen.findByRole('list', { name: "Journal d'audit" })
    expect(rowOf(list, 'Conflit résolu (Orientation) : version du serveur gardée')).toHaveTextContent(
      'Dossier AGZ-7K-0042',
    )
    unmount()
    await renderApp({ role: 'admin', path: '/admin/audit', lang: 'ar' })
    expect(await screen.findByText('الملف AGZ-7K-0042')).toBeInTheDocument()
  })

  it('has words for every action the server writes', async () => {
    stubApi({ 'GET /api/v1/audit': page(AUDIT_ACTIONS.map((action) => entry({ action, details: {} }))) })
    await renderApp({ role: 'admin', path: '/admin/audit' })
    const list = await screen.findByRole('list', { name: 'Audit log' })
    expect(within(list).getAllByRole('heading')).toHaveLength(AUDIT_ACTIONS.length)
    expect(list).not.toHaveTextContent('not known to this version')
  })

  it('says the main actions in French', async () => {
    stubApi({ 'GET /api/v1/audit': page([exported, signedIn, refused, promoted, read]) })
    await renderApp({ role: 'admin', path: '/admin/audit', lang: 'fr' })
    const list = await screen.findByRole('list', { name: "Journal d'audit" })
    expect(rowOf(list, 'Export avec données personnelles : Enregistrements (CSV), sites : AGZ-TC')).toHaveTextContent(
      'Moussa Ali · Superviseur',
    )
    expect(rowOf(list, 'Connexion')).toHaveTextContent("Amina Issoufou · Agent d'enregistrement")
    expect(
      rowOf(list, "Connexion refusée : nom d'utilisateur ou mot de passe incorrect pour « amina »"),
    ).toHaveTextContent('Non connecté')
    expect(rowOf(list, 'Utilisateur modifié : Amina Issoufou (amina)')).toHaveTextContent(
      "Rôle : Agent d'enregistrement → Superviseur",
    )
    expect(rowOf(list, 'Dossiers lus : Enregistrements (3), Assistances (1)')).toBeInTheDocument()
  })

  it('adds older entries below, asked with the last one, and gives focus to the first new one', async () => {
    const older = entry({ action: 'password_reset', target: 'u-1', targetUser: AMINA })
    const answers = vi
      .fn()
      .mockReturnValueOnce(page([exported, signedIn], signedIn.id))
      .mockReturnValueOnce(page([older]))
    const api = stubApi({ 'GET /api/v1/audit': answers })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/audit' })
    const list = await screen.findByRole('list', { name: 'Audit log' })
    await ui.click(screen.getByRole('button', { name: 'Older entries' }))

    const first = await within(list).findByRole('heading', { name: 'Set a new password for Amina Issoufou (amina)' })
    await waitFor(() => expect(first).toHaveFocus())
    expect(within(list).getAllByRole('heading')).toHaveLength(3)
    expect(screen.getByText('No older entries.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Older entries' })).not.toBeInTheDocument()
    expect(auditQueries(api.fetch)).toEqual([{ limit: '50' }, { limit: '50', before: signedIn.id }])
  })

  it('asks the server for the kind of action chosen, and pages within it', async () => {
    const answers = vi
      .fn()
      .mockReturnValueOnce(page([signedIn, exported]))
      .mockReturnValueOnce(page([exported], exported.id))
      .mockReturnValueOnce(page([]))
    const api = stubApi({ 'GET /api/v1/audit': answers })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/audit' })
    await screen.findByRole('heading', { name: 'Signed in' })
    await ui.selectOptions(screen.getByLabelText('Show'), 'Exports')
    const list = await screen.findByRole('list', { name: 'Audit log' })
    await waitFor(() => expect(within(list).queryByRole('heading', { name: 'Signed in' })).not.toBeInTheDocument())
    await ui.click(screen.getByRole('button', { name: 'Older entries' }))
    expect(await screen.findByText('No older entries.')).toBeInTheDocument()
    expect(auditQueries(api.fetch)).toEqual([
      { limit: '50' },
      { limit: '50', action: 'export' },
      { limit: '50', action: 'export', before: exported.id },
    ])
  })

  it('says when a kind of action has no entry', async () => {
    const answers = vi
      .fn()
      .mockReturnValueOnce(page([signedIn]))
      .mockReturnValueOnce(page([]))
    stubApi({ 'GET /api/v1/audit': answers })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/audit' })
    await screen.findByRole('heading', { name: 'Signed in' })
    await ui.selectOptions(screen.getByLabelText('Show'), 'Files from other phones')
    expect(await screen.findByText('No entry of this kind.')).toBeInTheDocument()
  })

  it('shows no Audit log tile to a supervisor', async () => {
    stubApi({})
    await renderApp({ role: 'supervisor', path: '/' })
    expect(await screen.findByRole('link', { name: 'Devices' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Audit log' })).not.toBeInTheDocument()
  })

  it('answers a supervisor who types its address as any page that does not exist, asking nothing', async () => {
    const api = stubApi({})
    await renderApp({ role: 'supervisor', path: '/admin/audit' })
    expect(await screen.findByText('This page does not exist.')).toBeInTheDocument()
    expect(api.calls.filter((c) => c.path === '/api/v1/audit')).toHaveLength(0)
  })

  it('says it is offline, then loads by itself when the link comes back', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const link = { up: false }
    stubApi({ 'GET /api/v1/audit': () => (link.up ? page([signedIn]) : 'offline') })
    await renderApp({ role: 'admin', path: '/admin/audit', lang: 'fr' })
    expect(await screen.findByText('Hors ligne : cet écran se lit sur le serveur.')).toBeInTheDocument()
    link.up = true
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    act(() => {
      window.dispatchEvent(new Event('online'))
    })
    expect(await screen.findByRole('heading', { name: 'Connexion' })).toBeInTheDocument()
    expect(screen.queryByText('Hors ligne : cet écran se lit sur le serveur.')).not.toBeInTheDocument()
  })
})
