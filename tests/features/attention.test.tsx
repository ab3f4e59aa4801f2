/**
 * Needs attention on the phone: a record the server refused is listed with its reason in
 * the user's words, fixed in its own form (the fixed save replaces the refused change
 * and carries its fields) or discarded once confirmed (the server's version comes back,
 * or the record goes); a conflict can be hidden. The network is stubbed at fetch.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import { attentionCount } from '@/data/attention'
import type { RelaisDb } from '@/data/db'
import { getRecord, saveRecord } from '@/data/records'
import type { FieldError } from '@/shared/schemas/sync'
import { assistance } from '../data/fixtures'
import { namedRegistration } from '../helpers/records'
import { stubApi } from './admin/fake-api'
import { renderApp } from './helpers/render-app'
import { next, stepHeading } from './registration/registration-harness'

afterEach(() => vi.unstubAllGlobals())

const person = namedRegistration({
  caseNumber: 'AGZ-3F-0012',
  occupation: 'Tailor',
  migration: { originCountry: 'MLI', transitCountries: [], reasonsForLeaving: ['economic'], abuseEnRoute: [] },
  vulnerabilities: [],
})

/** Answers every queued entry of the outbox with `result`. */
async function answerQueue(
  db: RelaisDb,
  result: { status: 'applied'; rev: number } | { status: 'rejected'; errors: FieldError[] },
) {
  const entries = (await db.outbox.toArray()).filter((e) => e.status === 'queued')
  await applyPushResults(
    db,
    entries,
    entries.map((e) => ({ mutationId: e.mutationId, ...result })),
  )
}

/** The case reached the server (rev 1); an edit of its occupation was then refused. */
async function refusedEdit(db: RelaisDb) {
  await saveRecord(db, 'registration', person)
  await answerQueue(db, { status: 'applied', rev: 1 })
  await saveRecord(db, 'registration', { ...person, occupation: 'Trader' })
  await answerQueue(db, {
    status: 'rejected',
    errors: [{ path: ['siteCode'], code: 'not_an_active_centre', message: 'Site AGZ-TC is not an active centre' }],
  })
}

describe('needs attention', () => {
  it('is reached from home, says why in the user’s words, and a fix in the form resends it', async () => {
    const { user, db } = await renderApp({ seed: refusedEdit })
    await user.click(await screen.findByRole('link', { name: '1 record needs attention' }))
    const entry = await screen.findByRole('article', { name: 'Case AGZ-3F-0012' })
    expect(entry).toHaveTextContent('Refused by the server.')
    expect(entry).toHaveTextContent('A case can only be moved to an open transit centre.')
    expect(entry).not.toHaveTextContent('Site AGZ-TC is not an active centre')

    await user.click(within(entry).getByRole('link', { name: 'Fix' }))
    await stepHeading(/Step 1 of 7/)
    await next(user)
    await next(user)
    await next(user)
    await stepHeading(/Journey/)
    await user.type(screen.getByLabelText('Town of origin'), 'Kayes')
    for (let i = 0; i < 3; i++) await next(user)
    await stepHeading(/Review and save/)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(async () => expect(await attentionCount(db)).toBe(0))

    // the fixed save is a new change on the same base, claiming the refused change's fields too
    const queued = (await db.outbox.toArray()).filter((e) => e.recordId === person.id && e.status === 'queued')
    expect(queued).toHaveLength(1)
    expect(queued[0]).toMatchObject({ baseRev: 1 })
    expect(queued[0]?.changedFields).toEqual(expect.arrayContaining(['occupation', 'migration']))
    // once the server accepts it, the refused change it replaces leaves the outbox
    await answerQueue(db, { status: 'applied', rev: 2 })
    expect(await db.outbox.where('recordId').equals(person.id).count()).toBe(0)
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({
      state: 'sent',
      syncedRev: 2,
      data: { occupation: 'Trader', migration: { originTown: 'Kayes' } },
    })
  }, 60_000)

  it('discards a refused edit once confirmed: the record is back to the server’s version', async () => {
    const api = stubApi({
      'POST /api/v1/rejections/discard': {
        status: 200,
        body: {
          recordId: person.id,
          discarded: 1,
          record: { entity: 'registration', recordId: person.id, rev: 1, deleted: false, data: person },
        },
      },
    })
    const { user, db } = await renderApp({ path: '/attention', seed: refusedEdit })
    const entry = await screen.findByRole('article', { name: 'Case AGZ-3F-0012' })
    await user.click(within(entry).getByRole('button', { name: 'Discard my change' }))
    expect(
      within(entry).getByRole('alertdialog', {
        name: 'Discard your change? The record goes back to the version on the server.',
      }),
    ).toBeInTheDocument()
    await user.click(within(entry).getByRole('button', { name: 'Discard' }))
    expect(
      await screen.findByText("Your change was discarded: the record is back to the server's version."),
    ).toBeInTheDocument()
    expect(api.writes()).toEqual([
      expect.objectContaining({
        path: '/api/v1/rejections/discard',
        body: { entity: 'registration', recordId: person.id },
      }),
    ])
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({
      state: 'sent',
      syncedRev: 1,
      data: { occupation: 'Tailor' },
    })
    expect(await db.outbox.count()).toBe(0)
    expect(screen.getByText('Nothing needs attention.')).toBeInTheDocument()
  })

  it('removes a refused record the server never had, and cancelling keeps it', async () => {
    const fresh = namedRegistration({ siteCode: 'ARL-TC', givenName: 'Zeinabou', familyName: 'Ali' })
    stubApi({
      'POST /api/v1/rejections/discard': { status: 200, body: { recordId: fresh.id, discarded: 1, record: null } },
    })
    const { user, db } = await renderApp({
      path: '/attention',
      seed: async (db) => {
        await saveRecord(db, 'registration', fresh)
        await answerQueue(db, { status: 'rejected', errors: [{ path: [], code: 'unavailable' }] })
      },
    })
    const entry = await screen.findByRole('article', { name: 'Case of Zeinabou Ali' })
    // not the user's site any more: editing cannot help
    expect(within(entry).queryByRole('link', { name: 'Fix' })).not.toBeInTheDocument()
    expect(entry).toHaveTextContent('Editing cannot fix this on this phone')
    await user.click(within(entry).getByRole('button', { name: 'Discard my change' }))
    await user.click(within(entry).getByRole('button', { name: 'Cancel' }))
    expect(await getRecord(db, 'registration', fresh.id)).toBeDefined()
    await user.click(within(entry).getByRole('button', { name: 'Discard my change' }))
    expect(
      within(entry).getByRole('alertdialog', { name: /The server never received it: it is removed from this phone/ }),
    ).toBeInTheDocument()
    await user.click(within(entry).getByRole('button', { name: 'Discard' }))
    expect(await screen.findByText('Discarded: the record was removed from this phone.')).toBeInTheDocument()
    expect(await getRecord(db, 'registration', fresh.id)).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
  })

  it('keeps everything when discarding cannot reach the server', async () => {
    stubApi({ 'POST /api/v1/rejections/discard': 'offline' })
    const { user, db } = await renderApp({ path: '/attention', seed: refusedEdit, lang: 'fr' })
    const entry = await screen.findByRole('article', { name: 'Dossier AGZ-3F-0012' })
    expect(entry).toHaveTextContent('Refusée par le serveur.')
    await user.click(within(entry).getByRole('button', { name: 'Abandonner ma modification' }))
    await user.click(within(entry).getByRole('button', { name: 'Abandonner' }))
    expect(await within(entry).findByRole('alert')).toHaveTextContent(
      /L’abandon nécessite un réseau|L'abandon nécessite un réseau/,
    )
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({
      state: 'rejected',
      data: { occupation: 'Trader' },
    })
    expect(await db.outbox.count()).toBe(1)
  })

  it('lists a conflict, opens its case and hides it once confirmed; the sync panel links here', async () => {
    const { user, db } = await renderApp({
      seed: async (db) => {
        await saveRecord(db, 'registration', person)
        const entries = await db.outbox.toArray()
        await applyPushResults(
          db,
          entries,
          entries.map((e) => ({
            mutationId: e.mutationId,
            status: 'conflict' as const,
            rev: 2,
            data: { ...person, caseStatus: 'assessed' },
          })),
        )
      },
    })
    await user.click(await screen.findByRole('button', { name: /Online|Offline/ }))
    await user.click(await screen.findByRole('link', { name: 'See what needs attention' }))
    const entry = await screen.findByRole('article', { name: 'Case AGZ-3F-0012' })
    expect(entry).toHaveTextContent('Changed on the server at the same time.')
    expect(within(entry).getByRole('link', { name: 'Open' })).toHaveAttribute('href', `/cases/${person.id}`)
    await user.click(within(entry).getByRole('button', { name: 'Hide' }))
    await user.click(within(entry).getByRole('button', { name: 'Hide' }))
    expect(await screen.findByText('Hidden. A supervisor chooses between the two versions.')).toBeInTheDocument()
    expect(await attentionCount(db)).toBe(0)
    await waitFor(() => expect(screen.queryByRole('link', { name: /needs attention/ })).not.toBeInTheDocument())
  })

  const KEPT: FieldError[] = [
    { path: ['registrationId'], code: 'unavailable' },
    { path: [], code: 'kept_for_case_site' },
  ]

  it('says a record kept for the centre its case moved to waits for a supervisor there', async () => {
    await renderApp({
      path: '/attention',
      seed: async (db) => {
        await saveRecord(db, 'assistance', assistance({ notes: 'Blanket' }))
        await answerQueue(db, { status: 'rejected', errors: KEPT })
      },
    })
    const entry = await screen.findByRole('article', { name: /Assistance of/ })
    expect(entry).toHaveTextContent(
      'The case moved to another centre meanwhile: the server kept this record for a supervisor of that centre',
    )
    expect(entry).not.toHaveTextContent('not at one of your sites')
    expect(entry).toHaveTextContent('Nothing to do: this phone asks the server again now and then')
    expect(within(entry).queryByRole('link', { name: 'Fix' })).not.toBeInTheDocument()
  })

  it('says how such a record ended, in words of a case that moved', async () => {
    await renderApp({
      path: '/attention',
      lang: 'fr',
      seed: async (db) => {
        await saveRecord(db, 'assistance', assistance({ notes: 'Blanket' }))
        await answerQueue(db, {
          status: 'rejected',
          errors: [...KEPT, { path: [], code: 'discarded_by_supervisor' }],
        })
      },
    })
    const entry = await screen.findByRole('article', { name: /Assistance/ })
    expect(entry).toHaveTextContent('Un superviseur du centre où le dossier a été transféré a abandonné cette fiche.')
    expect(entry).not.toHaveTextContent('perdu l’accès')
    expect(entry).not.toHaveTextContent('Rien à faire')
    expect(within(entry).queryByRole('link', { name: 'Corriger' })).not.toBeInTheDocument()
  })
})
