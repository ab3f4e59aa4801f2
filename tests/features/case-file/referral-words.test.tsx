/** How a referral's wait is said: "En attente depuis le …", and each day said once. */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { formatDay } from '@/components/dates'
import { saveRecord } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { daysAgo, person, referral, seedCase } from './case-seed'

describe('referral words', () => {
  it('says since when a referral is pending on the case page, in French, each day once', async () => {
    const awa = person()
    const [sentLong, since, sentShort] = [daysAgo(9), daysAgo(4), daysAgo(3)]
    await renderApp({
      path: `/cases/${awa.id}`,
      lang: 'fr',
      seed: async (db) => {
        await seedCase(db, awa)
        await saveRecord(db, 'referral', referral(awa.id, { to: 'unhcr', sentOn: sentShort, statusOn: sentShort }))
        await saveRecord(db, 'referral', referral(awa.id, { to: 'iom_medical', sentOn: sentLong, statusOn: since }))
        await saveRecord(
          db,
          'referral',
          referral(awa.id, { to: 'red_cross', status: 'accepted', sentOn: sentLong, statusOn: since }),
        )
      },
    })
    const day = (d: string) => formatDay(d, 'fr')
    expect(await screen.findByText(`En attente depuis l'envoi, le ${day(sentShort)}`)).toBeInTheDocument()
    expect(screen.getByText(`En attente depuis le ${day(since)} · envoyée le ${day(sentLong)}`)).toBeInTheDocument()
    expect(screen.getByText(`Acceptée le ${day(since)} · envoyée le ${day(sentLong)}`)).toBeInTheDocument()
    expect(screen.queryByText(/En attente le/)).not.toBeInTheDocument()
  })

  it('says it in Arabic too', async () => {
    const awa = person()
    const sent = daysAgo(3)
    await renderApp({
      path: `/cases/${awa.id}`,
      lang: 'ar',
      seed: async (db) => {
        await seedCase(db, awa)
        await saveRecord(db, 'referral', referral(awa.id, { sentOn: sent, statusOn: sent }))
      },
    })
    expect(await screen.findByText(`قيد الانتظار منذ إرسالها في ${formatDay(sent, 'ar')}`)).toBeInTheDocument()
  })

  it('says "sent today" once in the open referrals', async () => {
    const awa = person()
    await renderApp({
      path: '/referrals',
      lang: 'fr',
      seed: async (db) => {
        await seedCase(db, awa)
        await saveRecord(db, 'referral', referral(awa.id, { sentOn: daysAgo(0), statusOn: daysAgo(0) }))
        await saveRecord(db, 'referral', referral(awa.id, { sentOn: daysAgo(2), statusOn: daysAgo(2) }))
      },
    })
    const today = await screen.findByText("envoyée aujourd'hui")
    expect(today.closest('p')).toHaveTextContent(/^envoyée aujourd'hui$/)
    // a longer wait keeps the day it was sent
    expect(screen.getByText(/en attente depuis 2 jours/).closest('p')).toHaveTextContent(
      `(envoyée le ${formatDay(daysAgo(2), 'fr')})`,
    )
  })
})
