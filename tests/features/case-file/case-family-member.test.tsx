/**
 * "Register a family member" on a case page: a family member who comes after the
 * "case saved" screen was left still joins the first person's household, the form opens
 * with focus on its title, and an unfinished registration is never replaced unasked.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { saveDraft } from '@/data/drafts'
import { listRecords } from '@/data/records'
import { REGISTRATION_DRAFT_KEY, emptyRegistration } from '@/features/registration/registration-values'
import { siteDay } from '@/shared/site-time'
import { openCase } from '../helpers/open-case'
import { renderApp } from '../helpers/render-app'
import {
  choose,
  fillConsent,
  fillIdentity,
  next,
  skipToReview,
  stepHeading,
} from '../registration/registration-harness'
import { person, seedCase } from './case-seed'

const groupId = '01890000-0000-7000-8000-0000000000bb'
const head = () =>
  person({ givenName: 'Mohamed', familyName: 'Issoufou', household: { groupId, relationship: 'head' } })

describe('registering a family member from a case page', () => {
  it('joins the new case to the household, and each case page lists the other', async () => {
    const mohamed = head()
    const { user, db } = await renderApp({ path: `/cases/${mohamed.id}`, seed: (db) => seedCase(db, mohamed) })
    await screen.findByRole('heading', { name: 'Mohamed Issoufou', level: 1 })
    const actions = screen.getByRole('navigation', { name: 'What to do' })
    // the form's screen loads when first opened: the tap is awaited as a whole (open-case.ts)
    await openCase(() => user.click(within(actions).getByRole('link', { name: 'Register a family member' })))

    // the form's title has focus, as when the form is opened from home
    const title = await screen.findByRole('heading', { name: 'Register a person', level: 1 })
    await waitFor(() => expect(title).toHaveFocus())
    // whose household, said under the title from the first step
    await stepHeading(/Step 1 of 7: Consent/)
    expect(screen.getByText('Joins the household of Mohamed Issoufou (AGZ-7K-0042).')).toBeInTheDocument()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Aissata', family: 'Issoufou', born: '1995-06-01' })
    await stepHeading(/Household/)
    expect(screen.getByText(/^Joins the household of Mohamed Issoufou/)).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Relationship in the family or group'), 'spouse')
    await next(user)
    for (const step of [/Journey/, /Vulnerabilities/, /Assisted return/]) {
      await stepHeading(step)
      await next(user)
    }
    await user.click(await screen.findByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })

    const wife = (await listRecords(db, 'registration')).find((r) => r.id !== mohamed.id)?.data
    if (!wife?.consentProcessing) throw new Error('the wife is a named case')
    expect(wife.household).toEqual({ groupId, relationship: 'spouse' })
    expect(wife.registeredOn).toBe(siteDay(new Date()))

    await openCase(() => user.click(screen.getByRole('link', { name: 'Open the case' })))
    await screen.findByRole('heading', { name: 'Aissata Issoufou', level: 1 })
    const hers = await screen.findByRole('region', { name: 'Household and group' })
    await openCase(() => user.click(within(hers).getByRole('link', { name: /Mohamed Issoufou/ })))
    await screen.findByRole('heading', { name: 'Mohamed Issoufou', level: 1 })
    const his = await screen.findByRole('region', { name: 'Household and group' })
    expect(await within(his).findByRole('link', { name: /Aissata Issoufou/ })).toHaveAttribute(
      'href',
      `/cases/${wife.id}`,
    )
  }, 60_000)

  it('asks before replacing an unfinished registration, and keeps it when told to', async () => {
    const mohamed = head()
    const unfinished = { ...emptyRegistration(siteDay(new Date()), 'AGZ-TC'), givenName: 'Halima' }
    const { user } = await renderApp({
      path: `/cases/${mohamed.id}`,
      seed: async (db) => {
        await seedCase(db, mohamed)
        await saveDraft(db, REGISTRATION_DRAFT_KEY, { values: unfinished, step: 'identity' })
      },
    })
    await screen.findByRole('heading', { name: 'Mohamed Issoufou', level: 1 })
    await openCase(() => user.click(screen.getByRole('link', { name: 'Register a family member' })))

    expect(await screen.findByText('A registration you have not finished is on this phone.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Finish it first' }))
    await stepHeading(/Identity/)
    expect(screen.getByLabelText('Given name')).toHaveValue('Halima')
    expect(screen.getByRole('heading', { name: 'Register a person', level: 1 })).toHaveFocus()
  }, 30_000)

  it('replaces the unfinished registration only when told to', async () => {
    const mohamed = head()
    const unfinished = { ...emptyRegistration(siteDay(new Date()), 'AGZ-TC'), givenName: 'Halima' }
    const { user } = await renderApp({
      path: `/cases/${mohamed.id}`,
      seed: async (db) => {
        await seedCase(db, mohamed)
        await saveDraft(db, REGISTRATION_DRAFT_KEY, { values: unfinished, step: 'identity' })
      },
    })
    await screen.findByRole('heading', { name: 'Mohamed Issoufou', level: 1 })
    await openCase(() => user.click(screen.getByRole('link', { name: 'Register a family member' })))
    await user.click(await screen.findByRole('button', { name: 'Discard it and register the family member' }))
    await stepHeading(/Step 1 of 7: Consent/)
    expect(screen.queryByText('Your unfinished form was restored.')).not.toBeInTheDocument()
    await choose(user, 'Consent to data processing', 'Yes')
    await choose(user, 'Consent to sharing with partners', 'Yes')
    await next(user)
    await stepHeading(/Identity/)
    expect(screen.getByLabelText('Given name')).toHaveValue('')
  }, 30_000)
})

describe('registering a family member from the "case saved" screen', () => {
  it('puts focus on the new form’s title', async () => {
    const { user } = await renderApp({ path: '/register' })
    await fillConsent(user)
    await fillIdentity(user, { given: 'Fatoumata', family: 'Camara', born: '1990-02-02' })
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    await user.click(screen.getByRole('button', { name: 'Register a family member' }))
    await stepHeading(/Step 1 of 7: Consent/)
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Register a person', level: 1 })).toHaveFocus())
  }, 60_000)
})
