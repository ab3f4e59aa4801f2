import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { saveRecord } from '@/data/records'
import { daysWaiting } from '@/features/referrals/open-referrals-order'
import { renderApp } from '../helpers/render-app'
import { openCase } from '../helpers/open-case'
import { anonymousRegistration } from '../../helpers/records'
import { daysAgo, person, referral, seedCase } from './case-seed'

describe('open referrals', () => {
  it('lists the open referrals of the user’s centres, most urgent then longest waiting first', async () => {
    const awa = person({ caseNumber: 'AGZ-7K-0001', givenName: 'Awa', familyName: 'Keita' })
    const moussa = person({ caseNumber: 'AGZ-7K-0002', givenName: 'Moussa', familyName: 'Sow' })
    const anon = anonymousRegistration({ caseNumber: 'AGZ-7K-0003' })
    const elsewhere = person({ siteCode: 'ARL-TC', caseNumber: 'ARL-2B-0001', givenName: 'Idrissa', familyName: 'Ba' })
    const { user } = await renderApp({
      path: '/',
      seed: async (db) => {
        for (const c of [awa, moussa, anon, elsewhere]) await seedCase(db, c)
        const sent = (days: number) => ({ sentOn: daysAgo(days), statusOn: daysAgo(days) })
        await saveRecord(db, 'referral', referral(awa.id, { to: 'unhcr', ...sent(12) }))
        await saveRecord(db, 'referral', referral(moussa.id, { to: 'iom_medical', urgency: 'urgent', ...sent(3) }))
        await saveRecord(db, 'referral', referral(anon.id, { to: 'red_cross', ...sent(20), status: 'accepted' }))
        await saveRecord(db, 'referral', referral(moussa.id, { to: 'health_facility', ...sent(0) }))
        // not open, or not at the user's centres
        await saveRecord(db, 'referral', referral(awa.id, { to: 'iom_mhpss', ...sent(30), status: 'completed' }))
        await saveRecord(db, 'referral', referral(moussa.id, { to: 'iom_consular', ...sent(9), status: 'declined' }))
        await saveRecord(db, 'referral', referral(elsewhere.id, { siteCode: 'ARL-TC', to: 'unhcr', ...sent(40) }))
      },
    })
    await user.click(await screen.findByRole('link', { name: 'Open referrals' }))
    expect(await screen.findByRole('heading', { name: 'Open referrals', level: 1 })).toBeInTheDocument()

    const rows = await within(await screen.findByRole('list', { name: 'Open referrals' })).findAllByRole('listitem')
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^AGZ-7K-0002 · Moussa SowIOM medical · Urgent · Pendingwaiting for 3 days/),
      expect.stringMatching(/^AGZ-7K-0003 · Anonymous caseRed Cross · Routine · Acceptedwaiting for 20 days/),
      expect.stringMatching(/^AGZ-7K-0001 · Awa KeitaUNHCR · Routine · Pendingwaiting for 12 days/),
      expect.stringMatching(/^AGZ-7K-0002 · Moussa SowHealth facility · Routine · Pendingsent today/),
    ])

    await openCase(() =>
      user.click(within(rows[2] as HTMLElement).getByRole('link', { name: 'AGZ-7K-0001 · Awa Keita' })),
    )
    expect(await screen.findByRole('heading', { name: 'Awa Keita', level: 1 })).toBeInTheDocument()
  })

  it('says how long a referral has waited in French', async () => {
    const awa = person()
    await renderApp({
      path: '/referrals',
      lang: 'fr',
      seed: async (db) => {
        await seedCase(db, awa)
        await saveRecord(db, 'referral', referral(awa.id, { sentOn: daysAgo(12), statusOn: daysAgo(12) }))
        await saveRecord(db, 'referral', referral(awa.id, { sentOn: daysAgo(1), statusOn: daysAgo(1) }))
      },
    })
    expect(await screen.findByText(/en attente depuis 12 jours/)).toBeInTheDocument()
    expect(screen.getByText(/en attente depuis 1 jour\b/)).toBeInTheDocument()
  })

  it('counts waiting days between site days, whatever the month', () => {
    expect(daysWaiting('2026-11-22', '2026-12-04')).toBe(12)
    expect(daysWaiting('2026-02-27', '2026-03-01')).toBe(2)
    expect(daysWaiting('2026-12-04', '2026-12-04')).toBe(0)
  })
})
