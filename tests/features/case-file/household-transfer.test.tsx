/**
 * A transfer and the household: the confirmation lists the members registered with the
 * case, moves the ticked ones too (each its own transfer), warns about a child left
 * without an adult of the household; a member who moved stays on each household's page,
 * "transferred to" its centre, even once sent and gone from the phone; the receiving
 * centre's page says who stayed behind. A ticked member a sync took away while the
 * confirmation was open is said by name, with why, and the others go.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { applyPulledChanges } from '@/data/pull-apply'
import { listRecords, saveRecord } from '@/data/records'
import { RelaisDb } from '@/data/db'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { openCase } from '../helpers/open-case'
import { renderApp } from '../helpers/render-app'
import { caseEvent, person, seedCase } from './case-seed'

const groupId = '01890000-0000-7000-8000-0000000000dd'
const thisYear = new Date().getFullYear()

function issaHousehold(siteCode = 'AGZ-TC') {
  const member = (
    caseNumber: string,
    givenName: string,
    dateOfBirth: string,
    relationship: 'head' | 'child',
  ): NamedRegistration =>
    person({
      caseNumber,
      givenName,
      familyName: 'Issa',
      sex: 'female',
      dateOfBirth,
      vulnerabilities: [],
      siteCode,
      household: { groupId, relationship },
    })
  return {
    mother: member('AGZ-PR-0001', 'Hadiza', `${thisYear - 32}-01-01`, 'head'),
    zara: member('AGZ-PR-0002', 'Zara', `${thisYear - 8}-01-01`, 'child'),
    amina: member('AGZ-PR-0003', 'Amina', `${thisYear - 2}-01-01`, 'child'),
  }
}

const seedAll = (cases: NamedRegistration[]) => async (db: RelaisDb) => {
  for (const c of cases) await seedCase(db, c)
}

const household = () => screen.findByRole('region', { name: 'Household and group' })

async function openTransferTo(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Transfer' }))
  const centre = screen.getByLabelText('Move to centre')
  await within(centre).findByRole('option', { name: 'Arlit transit centre' })
  await user.selectOptions(centre, 'ARL-TC')
  await user.click(screen.getByRole('button', { name: 'Continue' }))
  return screen.findByRole('group', { name: 'Household members registered with this case' })
}

describe('a transfer and the household', () => {
  it('moves the household members ticked by default, each as its own transfer', async () => {
    const { mother, zara, amina } = issaHousehold()
    const { user, db } = await renderApp({ path: `/cases/${mother.id}`, seed: seedAll([mother, zara, amina]) })
    await screen.findByRole('heading', { name: 'Hadiza Issa', level: 1 })
    const members = await openTransferTo(user)

    const zaraBox = within(members).getByRole('checkbox', { name: 'Zara Issa · AGZ-PR-0002 · 8 years · Child' })
    const aminaBox = within(members).getByRole('checkbox', { name: 'Amina Issa · AGZ-PR-0003 · 2 years · Child' })
    expect(zaraBox).toBeChecked()
    expect(aminaBox).toBeChecked()
    expect(screen.queryByText(/without any adult of their household/)).not.toBeInTheDocument()

    // the children left behind with no adult of theirs: said before anything is saved
    await user.click(zaraBox)
    await user.click(aminaBox)
    const warning = await screen.findByText(
      'These children would stay at Agadez transit centre without any adult of their household:',
    )
    const named = within(warning.closest('.household-warning') as HTMLElement).getAllByRole('listitem')
    expect(named.map((li) => li.textContent)).toEqual(['Amina Issa', 'Zara Issa'])
    expect(screen.getByRole('button', { name: 'Transfer to Arlit transit centre' })).toBeInTheDocument()
    await user.click(zaraBox)
    await user.click(aminaBox)
    expect(screen.queryByText(/without any adult of their household/)).not.toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Transfer 3 cases to Arlit transit centre' }))
    expect(
      await screen.findByText(/Transfer of 3 cases to Arlit transit centre saved on this phone/),
    ).toBeInTheDocument()
    const cases = await listRecords(db, 'registration')
    expect(cases.map((c) => c.data.siteCode)).toEqual(['ARL-TC', 'ARL-TC', 'ARL-TC'])
    const events = (await listRecords(db, 'caseEvent')).map((e) => e.data)
    expect(events).toHaveLength(3)
    for (const c of [mother, zara, amina]) {
      expect(events.filter((e) => e.registrationId === c.id)).toEqual([
        expect.objectContaining({ kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'ARL-TC', siteCode: 'AGZ-TC' }),
      ])
    }
    // each case's event is queued before the case, so that its transfer carries it along
    const queue = (await db.outbox.orderBy('seq').toArray()).slice(-6)
    expect(queue.map((e) => [e.entity, e.entity === 'registration' ? e.recordId : 'event'])).toEqual([
      ['caseEvent', 'event'],
      ['registration', mother.id],
      ['caseEvent', 'event'],
      ['registration', amina.id],
      ['caseEvent', 'event'],
      ['registration', zara.id],
    ])
  })

  it('keeps the trace of a mother transferred alone on her children’s page, once sent and gone too', async () => {
    const { mother, zara, amina } = issaHousehold()
    const { user, db } = await renderApp({ path: `/cases/${mother.id}`, seed: seedAll([mother, zara, amina]) })
    await screen.findByRole('heading', { name: 'Hadiza Issa', level: 1 })
    const members = await openTransferTo(user)
    await user.click(within(members).getByRole('checkbox', { name: /^Zara Issa/ }))
    await user.click(within(members).getByRole('checkbox', { name: /^Amina Issa/ }))
    await user.click(screen.getByRole('button', { name: 'Transfer to Arlit transit centre' }))
    expect(await screen.findByText(/Transfer to Arlit transit centre saved on this phone/)).toBeInTheDocument()

    // her page, still here until sent: the children stayed
    const hers = await household()
    await waitFor(() =>
      expect(
        within(hers)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual([
        'AGZ-PR-0003 · Amina Issa — stayed at Agadez transit centre',
        'AGZ-PR-0002 · Zara Issa — stayed at Agadez transit centre',
      ]),
    )
    await openCase(() => user.click(within(hers).getByRole('link', { name: /Amina Issa/ })))
    await screen.findByRole('heading', { name: 'Amina Issa', level: 1 })
    const aminas = await household()
    await waitFor(() =>
      expect(
        within(aminas)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual(['AGZ-PR-0001 · Hadiza Issa — transferred to Arlit transit centre', 'AGZ-PR-0002 · Zara Issa']),
    )
    // the child's timeline says so too
    const timeline = screen.getByRole('list', { name: 'Timeline' })
    expect(
      within(timeline).getByText(/^Household member transferred: Agadez transit centre → Arlit transit centre/),
    ).toBeInTheDocument()

    // sent: the server takes the mother and her history from Agadez's phones
    await db.outbox.clear()
    await db.registrations.toCollection().modify({ state: 'sent', syncedRev: 2 })
    await db.caseEvents.toCollection().modify({ state: 'sent', syncedRev: 1 })
    const hersToo = (await listRecords(db, 'caseEvent')).filter((e) => e.data.registrationId === mother.id)
    await applyPulledChanges(
      db,
      [
        { entity: 'registration', recordId: mother.id, rev: 2, deleted: true },
        ...hersToo.map((e) => ({ entity: 'caseEvent', recordId: e.id, rev: 2, deleted: true })),
      ],
      'after-transfer',
    )
    expect((await listRecords(db, 'registration')).map((r) => r.id)).not.toContain(mother.id)
    expect(
      await within(aminas).findByText('1 household member transferred to Arlit transit centre, not on this phone.'),
    ).toBeInTheDocument()
    expect(
      within(aminas)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['AGZ-PR-0002 · Zara Issa'])
  })

  it('warns of children who would move without any adult of the household', async () => {
    const { mother, zara, amina } = issaHousehold()
    const { user } = await renderApp({ path: `/cases/${amina.id}`, seed: seedAll([mother, zara, amina]) })
    await screen.findByRole('heading', { name: 'Amina Issa', level: 1 })
    const members = await openTransferTo(user)
    expect(within(members).getByRole('checkbox', { name: 'Hadiza Issa · AGZ-PR-0001 · 32 years' })).toBeChecked()
    await user.click(within(members).getByRole('checkbox', { name: /^Hadiza Issa/ }))
    const warning = await screen.findByText(
      'These children would move to Arlit transit centre without any adult of their household:',
    )
    const named = within(warning.closest('.household-warning') as HTMLElement).getAllByRole('listitem')
    expect(named.map((li) => li.textContent)).toEqual(['Amina Issa', 'Zara Issa'])
    expect(screen.getByRole('button', { name: 'Transfer 2 cases to Arlit transit centre' })).toBeInTheDocument()
  })

  it('says it all in French and Arabic, each count in its own words', async () => {
    for (const [lang, labels] of [
      [
        'fr',
        {
          transfer: 'Transférer',
          centre: 'Déplacer vers le centre',
          next: 'Continuer',
          members: 'Membres du ménage enregistrés avec ce dossier',
          child: 'Amina Issa · AGZ-PR-0003 · 2 ans · Enfant',
          arlit: "Centre de transit d'Arlit",
          confirm: "Transférer 3 dossiers vers « Centre de transit d'Arlit »",
        },
      ],
      [
        'ar',
        {
          transfer: 'نقل',
          centre: 'النقل إلى المركز',
          next: 'متابعة',
          members: 'أفراد الأسرة المسجَّلون مع هذا الملف',
          child: 'Amina Issa · AGZ-PR-0003 · سنتان · طفل',
          arlit: 'مركز العبور في أرليت',
          confirm: 'نقل 3 ملفات إلى مركز العبور في أرليت',
        },
      ],
    ] as const) {
      const { mother, zara, amina } = issaHousehold()
      const { user, unmount } = await renderApp({
        path: `/cases/${mother.id}`,
        lang,
        seed: seedAll([mother, zara, amina]),
      })
      await user.click(await screen.findByRole('button', { name: labels.transfer }))
      const centre = screen.getByLabelText(labels.centre)
      await within(centre).findByRole('option', { name: labels.arlit })
      await user.selectOptions(centre, 'ARL-TC')
      await user.click(screen.getByRole('button', { name: labels.next }))
      const members = await screen.findByRole('group', { name: labels.members })
      expect(within(members).getByRole('checkbox', { name: labels.child })).toBeChecked()
      expect(screen.getByRole('button', { name: labels.confirm })).toBeInTheDocument()
      unmount()
    }
  })

  it('at the receiving centre, says who of the household stayed behind', async () => {
    const { mother, zara, amina } = issaHousehold()
    const arrived = { ...mother, siteCode: 'ARL-TC' }
    const at = new Date().toISOString()
    const moved = { fromSite: 'AGZ-TC', toSite: 'ARL-TC', siteCode: 'ARL-TC', at, sections: undefined }
    await renderApp({
      path: `/cases/${mother.id}`,
      sites: ['ARL-TC'],
      seed: async (db) => {
        await seedCase(db, arrived)
        await saveRecord(db, 'caseEvent', caseEvent(mother.id, { kind: 'transferred', ...moved }))
        for (const child of [zara, amina]) {
          await saveRecord(
            db,
            'caseEvent',
            caseEvent(mother.id, { kind: 'household_member_stayed', recordId: child.id, ...moved }),
          )
        }
      },
    })
    await screen.findByRole('heading', { name: 'Hadiza Issa', level: 1 })
    const hers = await household()
    expect(
      await within(hers).findByText('2 household members stayed at Agadez transit centre, not on this phone.'),
    ).toBeInTheDocument()
  })

  it('says which ticked member a sync took away meanwhile, and why, and transfers the others', async () => {
    const { mother, zara, amina } = issaHousehold()
    const adult = person({
      caseNumber: 'AGZ-PR-0004',
      givenName: 'Moussa',
      familyName: 'Issa',
      sex: 'male',
      vulnerabilities: [],
      household: { groupId, relationship: 'spouse' },
    })
    const { user, db } = await renderApp({
      path: `/cases/${mother.id}`,
      sites: ['AGZ-TC', 'ARL-TC'],
      // as the server sent them: a pull may change them
      seed: async (db) => {
        const pulled = [mother, zara, amina, adult].map((c) => ({
          entity: 'registration',
          recordId: c.id,
          rev: 1,
          deleted: false,
          data: c,
        }))
        await applyPulledChanges(db, pulled, 'seeded')
      },
    })
    await screen.findByRole('heading', { name: 'Hadiza Issa', level: 1 })
    const members = await openTransferTo(user)
    expect(
      within(members)
        .getAllByRole('checkbox')
        .filter((box) => (box as HTMLInputElement).checked),
    ).toHaveLength(3)

    // while the confirmation is open, a sync's pull worker (its own connection: the case
    // index hears of it later) stores Zara's case moved to a centre this user does not
    // cover, and Amina's already moved to Arlit by another phone
    const worker = new RelaisDb(db.userId)
    worker.keySource = db.keySource
    await applyPulledChanges(
      worker,
      [
        { entity: 'registration', recordId: zara.id, rev: 2, deleted: true },
        { entity: 'registration', recordId: amina.id, rev: 2, deleted: false, data: { ...amina, siteCode: 'ARL-TC' } },
      ],
      'meanwhile',
    )
    worker.close()

    await user.click(screen.getByRole('button', { name: 'Transfer 4 cases to Arlit transit centre' }))
    expect(
      await screen.findByText(/Transfer of 2 cases to Arlit transit centre saved on this phone/),
    ).toBeInTheDocument()
    const alert = screen.getByRole('alert')
    expect(
      within(alert)
        .getAllByRole('paragraph')
        .map((p) => p.textContent),
    ).toEqual([
      '⚠ Zara Issa was not transferred: their case is no longer on this phone (the last sync moved it to a centre you do not cover, or removed it).',
      '⚠ Amina Issa was not transferred: their case is now at Arlit transit centre.',
    ])
    expect(screen.queryByText('Not valid.')).not.toBeInTheDocument()

    // the others went; nothing of the two who left was written, and nothing was lost
    const cases = new Map((await listRecords(db, 'registration')).map((c) => [c.id, c.data.siteCode]))
    expect(Object.fromEntries(cases)).toEqual({ [mother.id]: 'ARL-TC', [adult.id]: 'ARL-TC', [amina.id]: 'ARL-TC' })
    // Amina's case is as the pull stored it: not transferred again from where it is now
    expect(await db.outbox.where('recordId').equals(amina.id).count()).toBe(0)
    const events = (await listRecords(db, 'caseEvent')).map((e) => e.data)
    expect(events.map((e) => [e.registrationId, e.kind]).sort()).toEqual(
      [
        [mother.id, 'transferred'],
        [adult.id, 'transferred'],
      ].sort(),
    )
  })
})
