/**
 * A case's timeline names who did what even when they work at another centre: the case
 * reg1 of Agadez registered, assisted, referred and transferred, as a registrar of Arlit
 * opens it. An author the phone cannot name is "a user of another centre" in the user's
 * language, never an id, and each name stands apart from the line's direction (Arabic).
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { saveRecord } from '@/data/records'
import { replaceStaff } from '@/data/staff'
import type { RelaisDb } from '@/data/db'
import { renderApp } from '../helpers/render-app'
import { assistance, caseEvent, person, referral, seedCase } from './case-seed'

const reg1 = 'e2aa6be6-67dd-4d70-b6f2-68696ea7c54c'

const transferredCase = person({ siteCode: 'ARL-TC', registeredBy: reg1 })

async function seedTransferred(db: RelaisDb) {
  const id = transferredCase.id
  await seedCase(db, transferredCase)
  await saveRecord(db, 'assistance', assistance(id, { siteCode: 'ARL-TC', providedBy: reg1, providedOn: '2026-11-30' }))
  await saveRecord(db, 'referral', referral(id, { siteCode: 'ARL-TC', sentBy: reg1 }))
  await saveRecord(
    db,
    'caseEvent',
    caseEvent(id, {
      siteCode: 'ARL-TC',
      kind: 'status_changed',
      fromStatus: 'registered',
      toStatus: 'assisted',
      at: '2026-12-01T10:00:00.000+01:00',
      by: reg1,
    }),
  )
  await saveRecord(
    db,
    'caseEvent',
    caseEvent(id, {
      siteCode: 'ARL-TC',
      kind: 'transferred',
      fromSite: 'AGZ-TC',
      toSite: 'ARL-TC',
      at: '2026-12-01T11:00:00.000+01:00',
      by: reg1,
    }),
  )
}

const timeline = (name: string) => within(screen.getByRole('list', { name })).getAllByRole('listitem')

describe('who did what, on a case from another centre', () => {
  it('names the registrar of another centre the staff directory holds', async () => {
    await renderApp({
      path: `/cases/${transferredCase.id}`,
      sites: ['ARL-TC'],
      seed: async (db) => {
        await seedTransferred(db)
        // what the server's directory gives Arlit now: the authors of the cases its site holds
        await replaceStaff(db, [{ id: reg1, name: 'Aïcha Registrar', role: 'registrar' }])
      },
    })
    await waitFor(() =>
      expect(timeline('Timeline').map((item) => item.textContent)).toEqual([
        'Transferred: Agadez transit centre → Arlit transit centre — Aïcha Registrar, Dec 1, 2026 11:00',
        'Status changed: Registered → Assisted — Aïcha Registrar, Dec 1, 2026 10:00',
        'Assistance: Food × 1 (IOM) — Aïcha Registrar, Nov 30, 2026',
        'Referred: UNHCR (Routine) — Aïcha Registrar, Nov 29, 2026',
        'Registered — Aïcha Registrar, Nov 29, 2026',
      ]),
    )
    // each name apart from the line's direction
    for (const item of timeline('Timeline')) expect(item.querySelector('bdi')).toHaveTextContent(/^Aïcha Registrar$/)
    expect(screen.queryByText(new RegExp(reg1))).not.toBeInTheDocument()
  })

  it.each([
    ['en', 'Timeline', 'a user of another centre'],
    ['fr', 'Historique', "un agent d'un autre centre"],
    ['ar', 'السجل الزمني', 'مستخدم من مركز آخر'],
  ] as const)('never shows an id when the name is not known (%s)', async (lang, title, someone) => {
    await renderApp({ path: `/cases/${transferredCase.id}`, sites: ['ARL-TC'], lang, seed: seedTransferred })
    await screen.findByRole('heading', { name: title })
    // apart from the line's direction, so that Arabic does not jumble it
    await waitFor(() =>
      expect(timeline(title).map((item) => item.querySelector('bdi')?.textContent)).toEqual(Array(5).fill(someone)),
    )
    expect(screen.getByRole('list', { name: title }).textContent).not.toContain(reg1)
  })
})
