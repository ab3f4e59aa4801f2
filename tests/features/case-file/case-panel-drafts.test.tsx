/**
 * Typing in a case's forms survives a reload: a half-typed assistance, referral, status
 * (its closure words) or referral's outcome comes back in its form, open again, the last
 * typed in front; a save or a cancel forgets it; a withdrawal of consent takes every
 * draft of the case with it.
 */
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { loadDraft } from '@/data/drafts'
import type { RelaisDb } from '@/data/db'
import { saveRecord } from '@/data/records'
import { forgetOpenedCases, outcomeDraftKey, panelDraftKey } from '@/features/case-file/panel-draft'
import { fakeSession, renderApp } from '../helpers/render-app'
import { person, referral, seedCase } from './case-seed'

const kept = (db: RelaisDb, panel: 'assistance' | 'referral' | 'status', caseId: string) =>
  loadDraft<Record<string, unknown>>(db, panelDraftKey(panel, caseId))

const keptOutcome = (db: RelaisDb, referralId: string, caseId: string) =>
  loadDraft<Record<string, unknown>>(db, outcomeDraftKey(referralId, caseId))

/** Mamadou's case with a referral to UNHCR waiting for its outcome. */
function referredCase() {
  const mamadou = person()
  const sent = referral(mamadou.id)
  const seed = async (db: RelaisDb) => {
    await seedCase(db, mamadou)
    await saveRecord(db, 'referral', sent)
  }
  return { mamadou, sent, seed }
}

/** The case page of a registrar's phone, opened again on the same phone (`session`) after a reload. */
async function openCase(
  caseId: string,
  session = fakeSession('registrar', ['AGZ-TC']),
  seed?: (db: RelaisDb) => Promise<void>,
) {
  const rendered = await renderApp({ path: `/cases/${caseId}`, session, ...(seed ? { seed } : {}) })
  await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })
  return { ...rendered, session }
}

describe('typing in a case’s forms', () => {
  it('comes back after a reload in its panel, open again, the last typed in front', async () => {
    const mamadou = person()
    const first = await openCase(mamadou.id, undefined, (db) => seedCase(db, mamadou))
    await first.user.click(screen.getByRole('button', { name: 'Change status' }))
    await first.user.click(screen.getByLabelText('Closed'))
    await first.user.selectOptions(screen.getByLabelText('Closure reason'), 'other')
    await first.user.type(screen.getByLabelText(/^Other reason/), 'Left with his cousin')
    await first.user.click(screen.getByRole('button', { name: 'Record assistance' }))
    await first.user.selectOptions(screen.getByLabelText('Type of assistance'), 'nfi_hygiene_kit')
    await first.user.type(screen.getByLabelText('Notes (optional)'), 'Two blankets')
    // written shortly after the typing, as a reload finds it
    await waitFor(async () =>
      expect(await kept(first.db, 'assistance', mamadou.id)).toMatchObject({ notes: 'Two blankets' }),
    )
    await waitFor(async () => expect(await kept(first.db, 'status', mamadou.id)).toMatchObject({ toStatus: 'closed' }))
    first.unmount()
    forgetOpenedCases() // as a reload starts the app anew

    const again = await openCase(mamadou.id, first.session)
    expect(await screen.findByRole('heading', { name: 'Record assistance' })).toBeVisible()
    await waitFor(() => expect(screen.getByLabelText('Notes (optional)')).toHaveValue('Two blankets'))
    expect(screen.getByLabelText('Type of assistance')).toHaveValue('nfi_hygiene_kit')
    // the status typed before it is kept too, behind
    await again.user.click(screen.getByRole('button', { name: 'Change status' }))
    expect(screen.getByLabelText('Closed')).toBeChecked()
    expect(screen.getByLabelText(/^Other reason/)).toHaveValue('Left with his cousin')
  })

  it('within one start of the app, shows again when its panel is opened, without opening it by itself', async () => {
    const mamadou = person()
    const { user, db } = await openCase(mamadou.id, undefined, (db) => seedCase(db, mamadou))
    await user.click(screen.getByRole('button', { name: 'Change status' }))
    await user.click(screen.getByLabelText('Closed'))
    await waitFor(async () => expect(await kept(db, 'status', mamadou.id)).toMatchObject({ toStatus: 'closed' }))
    // away (to fix something elsewhere) and back: the button still opens the panel
    await user.click(screen.getByRole('link', { name: 'Back to cases' }))
    await user.click(await screen.findByRole('link', { name: /Mamadou Diallo/ }))
    await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })
    const changeStatus = screen.getByRole('button', { name: 'Change status' })
    expect(changeStatus).toHaveAttribute('aria-expanded', 'false')
    await user.click(changeStatus)
    await waitFor(() => expect(screen.getByLabelText('Closed')).toBeChecked())
  })

  it('is forgotten once saved or cancelled', async () => {
    const mamadou = person()
    const { user, db } = await openCase(mamadou.id, undefined, (db) => seedCase(db, mamadou))
    await user.click(screen.getByRole('button', { name: 'Record assistance' }))
    await user.selectOptions(screen.getByLabelText('Type of assistance'), 'food')
    await user.type(screen.getByLabelText('Notes (optional)'), 'Rice')
    await waitFor(async () => expect(await kept(db, 'assistance', mamadou.id)).toMatchObject({ notes: 'Rice' }))
    await user.click(screen.getByRole('button', { name: 'Save assistance' }))
    await screen.findByText('Assistance saved on this phone.')
    await waitFor(async () => expect(await kept(db, 'assistance', mamadou.id)).toBeUndefined())

    await user.click(screen.getByRole('button', { name: 'Refer' }))
    await user.type(screen.getByLabelText('Reason'), 'Fever for three days')
    await waitFor(async () =>
      expect(await kept(db, 'referral', mamadou.id)).toMatchObject({ reason: 'Fever for three days' }),
    )
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(async () => expect(await kept(db, 'referral', mamadou.id)).toBeUndefined())
    // opened again, it starts empty
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    expect(screen.getByLabelText('Reason')).toHaveValue('')
  })

  it('goes with a withdrawal of consent', async () => {
    const mamadou = person()
    const { user, db } = await openCase(mamadou.id, undefined, (db) => seedCase(db, mamadou))
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    await user.type(screen.getByLabelText('Reason'), 'Mamadou needs a surgeon')
    await waitFor(async () => expect(await kept(db, 'referral', mamadou.id)).toBeDefined())
    await user.click(screen.getByRole('button', { name: 'Withdraw consent' }))
    await user.click(await screen.findByRole('button', { name: 'Erase and make anonymous' }))
    await screen.findByRole('heading', { name: 'Anonymous case', level: 1 })
    await waitFor(async () => expect(await kept(db, 'referral', mamadou.id)).toBeUndefined())
  })

  describe('of a referral’s outcome', () => {
    const typeOutcome = async (user: Awaited<ReturnType<typeof openCase>>['user']) => {
      await user.click(screen.getByRole('button', { name: /^Update status/ }))
      await user.click(screen.getByLabelText('Accepted'))
      await user.type(screen.getByLabelText('Outcome notes (optional)'), 'Seen by the doctor on Monday')
    }

    it('comes back after a reload in its form, open again, in front when typed last', async () => {
      const { mamadou, sent, seed } = referredCase()
      const first = await openCase(mamadou.id, undefined, seed)
      await first.user.click(screen.getByRole('button', { name: 'Change status' }))
      await first.user.click(screen.getByLabelText('Closed'))
      await typeOutcome(first.user)
      await waitFor(async () =>
        expect(await keptOutcome(first.db, sent.id, mamadou.id)).toMatchObject({
          status: 'accepted',
          outcomeNotes: 'Seen by the doctor on Monday',
        }),
      )
      await waitFor(async () => expect(await kept(first.db, 'status', mamadou.id)).toBeDefined())
      first.unmount()
      forgetOpenedCases()

      await openCase(mamadou.id, first.session)
      const title = await screen.findByRole('heading', { name: 'Referral status' })
      await waitFor(() =>
        expect(screen.getByLabelText('Outcome notes (optional)')).toHaveValue('Seen by the doctor on Monday'),
      )
      expect(screen.getByLabelText('Accepted')).toBeChecked()
      // typed last, it has the focus; the status panel typed before it is open again too
      await waitFor(() => expect(title).toHaveFocus())
      expect(screen.getByRole('button', { name: 'Change status' })).toHaveAttribute('aria-expanded', 'true')
    })

    it('leaves the focus to a panel typed after it', async () => {
      const { mamadou, seed } = referredCase()
      const first = await openCase(mamadou.id, undefined, seed)
      await typeOutcome(first.user)
      await first.user.click(screen.getByRole('button', { name: 'Change status' }))
      await first.user.click(screen.getByLabelText('Closed'))
      await waitFor(async () => expect(await kept(first.db, 'status', mamadou.id)).toBeDefined())
      first.unmount()
      forgetOpenedCases()

      await openCase(mamadou.id, first.session)
      await waitFor(() =>
        expect(screen.getByLabelText('Outcome notes (optional)')).toHaveValue('Seen by the doctor on Monday'),
      )
      await waitFor(() => expect(screen.getByRole('heading', { name: 'Change status' })).toHaveFocus())
    })

    it('is forgotten once saved or cancelled, and goes with a withdrawal of consent', async () => {
      const { mamadou, sent, seed } = referredCase()
      const { user, db } = await openCase(mamadou.id, undefined, seed)
      await typeOutcome(user)
      await waitFor(async () => expect(await keptOutcome(db, sent.id, mamadou.id)).toBeDefined())
      await user.click(screen.getByRole('button', { name: 'Cancel' }))
      await waitFor(async () => expect(await keptOutcome(db, sent.id, mamadou.id)).toBeUndefined())

      await typeOutcome(user)
      await waitFor(async () => expect(await keptOutcome(db, sent.id, mamadou.id)).toBeDefined())
      await user.click(screen.getByRole('button', { name: 'Save status' }))
      await screen.findByText(/Referral status saved/)
      await waitFor(async () => expect(await keptOutcome(db, sent.id, mamadou.id)).toBeUndefined())

      await typeOutcome(user)
      await waitFor(async () => expect(await keptOutcome(db, sent.id, mamadou.id)).toBeDefined())
      await user.click(screen.getByRole('button', { name: 'Cancel' }))
      await typeOutcome(user)
      await waitFor(async () => expect(await keptOutcome(db, sent.id, mamadou.id)).toBeDefined())
      await user.click(screen.getByRole('button', { name: 'Withdraw consent' }))
      await user.click(await screen.findByRole('button', { name: 'Erase and make anonymous' }))
      await screen.findByRole('heading', { name: 'Anonymous case', level: 1 })
      await waitFor(async () => expect(await keptOutcome(db, sent.id, mamadou.id)).toBeUndefined())
    })
  })
})
