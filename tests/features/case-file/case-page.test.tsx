import { replaceStaff } from '@/data/staff'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords, saveRecord } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { anonymousRegistration } from '../../helpers/records'
import { assistance, caseEvent, daysAgo, person, referral, seedCase } from './case-seed'

const group = (name: string) => screen.getByRole('group', { name })
// the header's facts come before the file's sections
const fact = (name: string) => screen.getAllByText(name, { selector: 'dt' })[0]?.nextElementSibling?.textContent
const timelineItems = () => within(screen.getByRole('list', { name: 'Timeline' })).getAllByRole('listitem')

describe('case page', () => {
  it('shows the header and a timeline made of this case’s linked records only', async () => {
    const mamadou = person()
    const other = person({ caseNumber: 'AGZ-7K-0043', givenName: 'Ousmane', familyName: 'Bah' })
    const { user } = await renderApp({
      path: `/cases/${mamadou.id}`,
      seed: async (db) => {
        await seedCase(db, mamadou)
        await seedCase(db, other)
        await saveRecord(
          db,
          'assistance',
          assistance(mamadou.id, { type: 'food', quantity: 2, providedOn: '2026-11-30' }),
        )
        await saveRecord(db, 'assistance', assistance(other.id, { type: 'cash', quantity: 1 }))
        await saveRecord(db, 'referral', referral(mamadou.id, { to: 'iom_medical', urgency: 'urgent' }))
        await saveRecord(
          db,
          'caseEvent',
          caseEvent(mamadou.id, {
            kind: 'status_changed',
            fromStatus: 'registered',
            toStatus: 'assessed',
            at: '2026-12-01T10:12:00.000+01:00',
            by: 'aicha',
          }),
        )
        await saveRecord(db, 'caseEvent', caseEvent(other.id, { kind: 'consent_withdrawn' }))
        // the staff directory the last sync brought names a colleague; an author it does not hold is never shown as an id
        await replaceStaff(db, [{ id: 'aicha', name: 'Aïcha Abdou', role: 'registrar' }])
      },
    })

    expect(await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })).toBeInTheDocument()
    expect(screen.getByText('AGZ-7K-0042')).toBeInTheDocument()
    expect(screen.getByText('Vulnerable')).toBeInTheDocument()
    expect(screen.getByText(/Serious medical condition/, { selector: 'p' })).toBeInTheDocument()
    expect(fact('Sex')).toBe('Male')
    expect(fact('Age')).toMatch(/^\d+ years$/)
    expect(fact('Nationality')).toBe('Guinea')
    expect(fact('Status')).toBe('Registered')
    expect(fact('Consent')).toBe('Given by: The person')
    expect(fact('State')).toMatch(/Saved on this phone/)

    await waitFor(() => expect(timelineItems()[0]).toHaveTextContent('Aïcha Abdou'))
    const items = timelineItems()
    expect(items).toHaveLength(4)
    expect(items.map((i) => i.textContent)).toEqual([
      'Status changed: Registered → Assessed — Aïcha Abdou, Dec 1, 2026 10:12',
      'Assistance: Food × 2 (IOM) — a user of another centre, Nov 30, 2026',
      'Referred: IOM medical (Urgent) — Nov 29, 2026',
      'Registered — a user of another centre, Nov 29, 2026',
    ])
    expect(screen.queryByText(/Cash/)).not.toBeInTheDocument()
    expect(screen.queryByText(/Consent withdrawn/)).not.toBeInTheDocument()

    // the file's sections are drawn just after the top of the case
    const identity = await screen.findByRole('region', { name: 'Identity' })
    expect(within(identity).getByRole('link', { name: 'Edit Identity' })).toHaveAttribute(
      'href',
      `/cases/${mamadou.id}/edit?step=identity`,
    )
    expect(within(identity).getByText('GN1234567', { exact: false })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Copy case number AGZ-7K-0042' }))
    expect(await navigator.clipboard.readText()).toBe('AGZ-7K-0042')
    expect(screen.getByText('Copied.')).toBeInTheDocument()
  })

  it('writes the timeline in French by default words and dates', async () => {
    const mamadou = person()
    await renderApp({
      path: `/cases/${mamadou.id}`,
      lang: 'fr',
      seed: async (db) => {
        await seedCase(db, mamadou)
        await saveRecord(
          db,
          'caseEvent',
          caseEvent(mamadou.id, {
            kind: 'status_changed',
            fromStatus: 'registered',
            toStatus: 'assessed',
            at: '2026-12-01T10:12:00.000+01:00',
            by: 'aicha',
          }),
        )
      },
    })
    expect(await screen.findByRole('heading', { name: 'Historique' })).toBeInTheDocument()
    const [latest] = within(screen.getByRole('list', { name: 'Historique' })).getAllByRole('listitem')
    expect(latest).toHaveTextContent(
      "Statut changé : Enregistré → Évalué — un agent d'un autre centre, 1 déc. 2026 10:12",
    )
  })

  it('follows records saved or pulled while the case is open', async () => {
    const mamadou = person()
    const { db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })
    expect(timelineItems()).toHaveLength(1)
    // as a pull from another phone of the site would
    await saveRecord(db, 'caseEvent', caseEvent(mamadou.id, { kind: 'edited', sections: ['identity', 'journey'] }))
    await waitFor(() => expect(timelineItems()).toHaveLength(2))
    expect(timelineItems()[0]).toHaveTextContent(/^Edited: Identity, Journey — a user of another centre, /)
  })

  it('shows a supervisor’s resolution of a conflict, on the case or on one of its records', async () => {
    const mamadou = person()
    const food = assistance(mamadou.id, { type: 'food', quantity: 2, providedOn: '2026-11-30' })
    const resolved = (recordId: string, choice: 'server' | 'incoming' | 'merged', at: string) =>
      caseEvent(mamadou.id, { kind: 'conflict_resolved', recordId, choice, at, by: 'sup' })
    await renderApp({
      path: `/cases/${mamadou.id}`,
      seed: async (db) => {
        await seedCase(db, mamadou)
        await saveRecord(db, 'assistance', food)
        await saveRecord(db, 'caseEvent', resolved(mamadou.id, 'merged', '2026-12-02T09:00:00.000+01:00'))
        await saveRecord(db, 'caseEvent', resolved(food.id, 'server', '2026-12-03T09:00:00.000+01:00'))
        await replaceStaff(db, [{ id: 'sup', name: 'Hadiza Issa', role: 'supervisor' }])
      },
    })
    await waitFor(() => expect(timelineItems()[0]).toHaveTextContent('Hadiza Issa'))
    expect(
      timelineItems()
        .slice(0, 2)
        .map((i) => i.textContent),
    ).toEqual([
      "Conflict resolved: assistance (Food), the server's version was kept — Hadiza Issa, Dec 3, 2026 09:00",
      'Conflict resolved: values chosen field by field — Hadiza Issa, Dec 2, 2026 09:00',
    ])
  })

  it('links the family members registered together and the cases it may duplicate', async () => {
    const groupId = '01890000-0000-7000-8000-0000000000aa'
    const mother = person({
      caseNumber: 'AGZ-7K-0050',
      givenName: 'Fatoumata',
      familyName: 'Diallo',
      sex: 'female',
      household: { groupId, relationship: 'head' },
    })
    const child = person({
      caseNumber: 'AGZ-7K-0051',
      givenName: 'Aminata',
      familyName: 'Diallo',
      dateOfBirth: '2019-05-01',
      household: { groupId, relationship: 'child' },
    })
    const earlier = person({ caseNumber: 'AGZ-7K-0010', givenName: 'Fatoumata', familyName: 'Dialo' })
    const stranger = person({ caseNumber: 'AGZ-7K-0099', givenName: 'Ousmane', familyName: 'Bah' })
    const again = { ...mother, possibleDuplicateOf: [earlier.id] }
    await renderApp({
      path: `/cases/${mother.id}`,
      seed: async (db) => {
        for (const c of [again, child, earlier, stranger]) await seedCase(db, c)
      },
    })
    await screen.findByRole('heading', { name: 'Fatoumata Diallo', level: 1 })
    // the parts of the file are drawn just after the top of the case
    const household = await screen.findByRole('region', { name: 'Household and group' })
    expect(await within(household).findByRole('link', { name: 'AGZ-7K-0051 · Aminata Diallo' })).toHaveAttribute(
      'href',
      `/cases/${child.id}`,
    )
    expect(within(household).queryByText(/Ousmane|Fatoumata/)).not.toBeInTheDocument()
    expect(screen.getByText('Possible duplicate')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'AGZ-7K-0010 · Fatoumata Dialo' })).toHaveAttribute(
      'href',
      `/cases/${earlier.id}`,
    )
  })

  it('says when the case is not on this phone', async () => {
    await renderApp({ path: '/cases/01890000-0000-7000-8000-00000000abcd' })
    expect(await screen.findByRole('heading', { name: 'This case is not on this phone' })).toBeInTheDocument()
  })

  it('records assistance, which appears in the timeline at once', async () => {
    const mamadou = person()
    const { user, db, session } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Record assistance' }))
    expect(screen.getByRole('heading', { name: 'Record assistance' })).toHaveFocus()
    // a named case: no hint about names in the notes (an anonymous one has it, below)
    expect(screen.getByLabelText('Notes (optional)')).not.toHaveAccessibleDescription(/names or identifies/)
    await user.click(screen.getByRole('button', { name: 'Save assistance' }))
    expect(await screen.findByRole('link', { name: 'Type of assistance: Required.' })).toBeInTheDocument()
    expect(await listRecords(db, 'assistance')).toHaveLength(0)

    await user.selectOptions(screen.getByLabelText('Type of assistance'), 'nfi_hygiene_kit')
    await user.clear(screen.getByLabelText('Quantity'))
    await user.type(screen.getByLabelText('Quantity'), '3')
    await user.type(screen.getByLabelText('Notes (optional)'), 'Two blankets')
    await user.click(screen.getByRole('button', { name: 'Save assistance' }))

    expect(await screen.findByText('Assistance saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'assistance')
    expect(saved?.data).toMatchObject({
      registrationId: mamadou.id,
      type: 'nfi_hygiene_kit',
      quantity: 3,
      provider: 'IOM',
      notes: 'Two blankets',
      providedBy: session?.user.id,
      siteCode: 'AGZ-TC',
    })
    await waitFor(() => expect(timelineItems()).toHaveLength(2))
    expect(timelineItems()[0]).toHaveTextContent(/^Assistance: Hygiene and household kit × 3 \(IOM\) — Aïcha Moussa, /)
  })

  it('refers the person: a pending referral, and a partner outside IOM needs consent to share', async () => {
    const mamadou = person()
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Refer' }))
    await user.selectOptions(screen.getByLabelText('Refer to'), 'other_partner')
    await user.type(screen.getByLabelText('Reason'), 'Needs a lawyer')
    await user.click(screen.getByRole('button', { name: 'Save referral' }))

    const summary = await screen.findByRole('alert')
    expect(within(summary).getByRole('link', { name: 'Partner name: Name the partner.' })).toBeInTheDocument()
    expect(screen.getByLabelText(/agrees that their details are shared/)).toHaveAccessibleDescription(
      "A partner outside IOM needs the person's consent to share.",
    )
    expect(await listRecords(db, 'referral')).toHaveLength(0)

    await user.type(screen.getByLabelText('Partner name'), 'Alternative Espaces Citoyens')
    await user.click(screen.getByLabelText(/agrees that their details are shared/))
    await user.click(within(group('Urgency')).getByLabelText('Urgent'))
    await user.click(screen.getByRole('button', { name: 'Save referral' }))

    expect(await screen.findByText('Referral saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'referral')
    expect(saved?.data).toMatchObject({
      registrationId: mamadou.id,
      to: 'other_partner',
      partnerName: 'Alternative Espaces Citoyens',
      reason: 'Needs a lawyer',
      urgency: 'urgent',
      consentToShare: true,
      status: 'pending',
    })
    expect(saved?.data.statusOn).toBe(saved?.data.sentOn)
    await waitFor(() =>
      expect(timelineItems()[0]).toHaveTextContent(
        /^Referred: Alternative Espaces Citoyens \(Urgent\) — Aïcha Moussa, /,
      ),
    )
  })

  it('refuses an outside partner at once when the person did not consent to sharing', async () => {
    const awa = person({ consentSharing: false })
    const { user, db } = await renderApp({ path: `/cases/${awa.id}`, seed: (db) => seedCase(db, awa) })
    await user.click(await screen.findByRole('button', { name: 'Refer' }))
    await user.selectOptions(screen.getByLabelText('Refer to'), 'unhcr')
    expect(screen.getByLabelText('Refer to')).toHaveAccessibleDescription(
      /did not consent to sharing with partners: choose an IOM unit/,
    )
    await user.type(screen.getByLabelText('Reason'), 'Asylum claim')
    await user.click(screen.getByRole('button', { name: 'Save referral' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/Refer to: This person did not consent/)
    expect(await listRecords(db, 'referral')).toHaveLength(0)

    await user.selectOptions(screen.getByLabelText('Refer to'), 'iom_protection')
    await user.click(screen.getByRole('button', { name: 'Save referral' }))
    expect(await screen.findByText('Referral saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'referral')
    expect(saved?.data).toMatchObject({ to: 'iom_protection', consentToShare: false })
  })

  it('records a referral’s outcome as a new version and a timeline event', async () => {
    const mamadou = person()
    const sent = referral(mamadou.id, { to: 'unhcr', sentOn: daysAgo(5), statusOn: daysAgo(5) })
    const { user, db, session } = await renderApp({
      path: `/cases/${mamadou.id}`,
      seed: async (db) => {
        await seedCase(db, mamadou)
        await saveRecord(db, 'referral', sent)
      },
    })
    await user.click(await screen.findByRole('button', { name: 'Update status UNHCR' }))
    await user.click(within(group('New status')).getByLabelText('Accepted'))
    await user.type(screen.getByLabelText('Outcome notes (optional)'), 'Interview on Monday')
    await user.click(screen.getByRole('button', { name: 'Save status' }))

    expect(await screen.findByText('Referral status saved on this phone.')).toBeInTheDocument()
    const [updated] = await listRecords(db, 'referral')
    expect(updated?.data).toMatchObject({ id: sent.id, status: 'accepted', outcomeNotes: 'Interview on Monday' })
    const [event] = await listRecords(db, 'caseEvent')
    expect(event?.data).toMatchObject({ kind: 'referral_updated', recordId: sent.id, by: session?.user.id })
    await waitFor(() => expect(timelineItems()[0]).toHaveTextContent(/^Referral updated: UNHCR — Aïcha Moussa/))
  })

  it('refuses a status date before the referral was sent', async () => {
    const mamadou = person()
    const sent = referral(mamadou.id, { sentOn: daysAgo(1), statusOn: daysAgo(1) })
    const { user, db } = await renderApp({
      path: `/cases/${mamadou.id}`,
      seed: async (db) => {
        await seedCase(db, mamadou)
        await saveRecord(db, 'referral', sent)
      },
    })
    await user.click(await screen.findByRole('button', { name: /^Update status/ }))
    await user.click(within(group('New status')).getByLabelText('Completed'))
    const date = screen.getByLabelText('Status date')
    await user.clear(date)
    await user.type(date, daysAgo(3))
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(date).toHaveAccessibleDescription('The status date is before the date the referral was sent.')
    expect((await listRecords(db, 'referral'))[0]?.data.status).toBe('pending')
  })
})

describe('case status', () => {
  it('asks why a case is closed, then saves the status and its event', async () => {
    const mamadou = person()
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    await user.click(within(group('New status')).getByLabelText('Closed'))
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(screen.getByLabelText('Closure reason')).toHaveAccessibleDescription('Say why the case is closed.')
    expect((await listRecords(db, 'registration'))[0]?.data.caseStatus).toBe('registered')

    await user.selectOptions(screen.getByLabelText('Closure reason'), 'continued_journey')
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(await screen.findByText('Status saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'registration')
    expect(saved?.data).toMatchObject({ caseStatus: 'closed', closureReason: 'continued_journey' })
    const [event] = await listRecords(db, 'caseEvent')
    expect(event?.data).toMatchObject({
      kind: 'status_changed',
      fromStatus: 'registered',
      toStatus: 'closed',
      closureReason: 'continued_journey',
    })
    await waitFor(() =>
      expect(timelineItems()[0]).toHaveTextContent(/^Status changed: Registered → Closed \(Continued (the )?journey\)/),
    )
  })

  it('refuses "departed" until the assisted return is ready, saying what is missing', async () => {
    const notReady = person({
      caseStatus: 'avrr_in_progress',
      avrr: {
        category: 'avr',
        voluntarinessSigned: true,
        travelDocumentStatus: 'requested',
        destinationCountry: 'GIN',
        reintegrationCounselling: false,
      },
    })
    const { user, db } = await renderApp({ path: `/cases/${notReady.id}`, seed: (db) => seedCase(db, notReady) })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    await user.click(within(group('New status')).getByLabelText('Departed'))
    const note = screen.getByRole('note')
    expect(note).toHaveTextContent('the travel document issued')
    expect(note).toHaveTextContent('the person declared fit to travel')
    expect(note).not.toHaveTextContent('voluntariness')
    expect(within(note).getByRole('link', { name: 'Edit the assisted return' })).toHaveAttribute(
      'href',
      `/cases/${notReady.id}/edit?step=avrr`,
    )
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(group('New status')).toHaveAccessibleDescription(/Not ready to depart/)
    expect((await listRecords(db, 'registration'))[0]?.data.caseStatus).toBe('avrr_in_progress')
    expect(await listRecords(db, 'caseEvent')).toHaveLength(0)
  })

  it('lets a ready return depart', async () => {
    const ready = person({
      caseStatus: 'avrr_in_progress',
      avrr: {
        category: 'avr',
        voluntarinessSigned: true,
        travelDocumentStatus: 'issued',
        fitToTravel: true,
        destinationCountry: 'GIN',
        reintegrationCounselling: true,
      },
    })
    const { user, db } = await renderApp({ path: `/cases/${ready.id}`, seed: (db) => seedCase(db, ready) })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    await user.click(within(group('New status')).getByLabelText('Departed'))
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(await screen.findByText('Status saved on this phone.')).toBeInTheDocument()
    expect((await listRecords(db, 'registration'))[0]?.data.caseStatus).toBe('departed')
  })

  it('offers a registrar no status for a closed case: neither reopening it nor marking it departed', async () => {
    const closed = person({ caseStatus: 'closed', closureReason: 'left_centre' })
    const { user } = await renderApp({ path: `/cases/${closed.id}`, seed: (db) => seedCase(db, closed) })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    expect(
      screen.getByText('This case has ended. Only a supervisor can reopen it or change how it ended.'),
    ).toBeInTheDocument()
    expect(screen.getByText('No other status can be chosen.')).toBeInTheDocument()
    expect(screen.queryByRole('radio')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Reopen the case' })).not.toBeInTheDocument()
  })

  it('lets a supervisor mark a closed case departed', async () => {
    const ready = {
      category: 'avr' as const,
      voluntarinessSigned: true,
      travelDocumentStatus: 'issued' as const,
      fitToTravel: true,
      destinationCountry: 'GIN',
      reintegrationCounselling: true,
    }
    const closed = person({ caseStatus: 'closed', closureReason: 'left_centre', avrr: ready })
    const { user, db } = await renderApp({
      path: `/cases/${closed.id}`,
      role: 'supervisor',
      sites: ['AGZ-TC'],
      seed: (db) => seedCase(db, closed),
    })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    await user.click(within(group('New status')).getByLabelText('Departed'))
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(await screen.findByText('Status saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'registration')
    expect(saved?.data.caseStatus).toBe('departed')
    expect(saved?.data).not.toHaveProperty('closureReason')
  })

  it('lets a supervisor reopen a closed case', async () => {
    const closed = person({ caseStatus: 'closed', closureReason: 'left_centre' })
    const { user, db } = await renderApp({
      path: `/cases/${closed.id}`,
      role: 'supervisor',
      sites: ['AGZ-TC'],
      seed: (db) => seedCase(db, closed),
    })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    expect(screen.queryByText(/Only a supervisor can reopen it/)).not.toBeInTheDocument()
    await user.click(within(group('New status')).getByLabelText('Assessed'))
    await user.click(screen.getByRole('button', { name: 'Reopen the case' }))
    expect(await screen.findByText('Status saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'registration')
    expect(saved?.data.caseStatus).toBe('assessed')
    expect(saved?.data).not.toHaveProperty('closureReason')
    const [event] = await listRecords(db, 'caseEvent')
    expect(event?.data).toMatchObject({ kind: 'reopened', fromStatus: 'closed', toStatus: 'assessed' })
  })
})

describe('transfer and withdrawal of consent', () => {
  it('transfers the case to another centre after a plain confirmation', async () => {
    const mamadou = person()
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Transfer' }))
    const centre = screen.getByLabelText('Move to centre')
    await within(centre).findByRole('option', { name: 'Arlit transit centre' })
    expect(within(centre).queryByRole('option', { name: 'Agadez transit centre' })).not.toBeInTheDocument()
    expect(within(centre).queryByRole('option', { name: 'Arlit flow monitoring point' })).not.toBeInTheDocument()
    await user.selectOptions(centre, 'ARL-TC')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect(
      screen.getByText(
        "The case and its history will move to Arlit transit centre. It will leave this phone's list once sent.",
      ),
    ).toBeInTheDocument()
    expect((await listRecords(db, 'registration'))[0]?.data.siteCode).toBe('AGZ-TC')
    await user.click(screen.getByRole('button', { name: 'Transfer to Arlit transit centre' }))

    expect(await screen.findByText(/Transfer to Arlit transit centre saved on this phone/)).toBeInTheDocument()
    expect((await listRecords(db, 'registration'))[0]?.data.siteCode).toBe('ARL-TC')
    const [event] = await listRecords(db, 'caseEvent')
    expect(event?.data).toMatchObject({ kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'ARL-TC' })
    // the event is queued before the registration, so the transfer carries it along
    const queue = await db.outbox.orderBy('seq').toArray()
    expect(queue.slice(-2).map((e) => e.entity)).toEqual(['caseEvent', 'registration'])
    await waitFor(() =>
      expect(timelineItems()[0]).toHaveTextContent(/^Transferred: Agadez transit centre → Arlit transit centre/),
    )
    // the user does not work at Arlit: nothing more is done to the case here
    expect(screen.getByText(/This case is now at Arlit transit centre, where you do not work/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Record assistance' })).not.toBeInTheDocument()
  })

  it('never shows a transfer the server refused as done', async () => {
    const mamadou = person()
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Transfer' }))
    const centre = screen.getByLabelText('Move to centre')
    // the centres are read from the phone's sites: the option comes once they are
    await within(centre).findByRole('option', { name: 'Arlit transit centre' })
    await user.selectOptions(centre, 'ARL-TC')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await user.click(screen.getByRole('button', { name: 'Transfer to Arlit transit centre' }))
    expect(await screen.findByText(/Transfer to Arlit transit centre saved on this phone/)).toBeInTheDocument()

    // the server refuses both (Arlit's centre was closed meanwhile), as a push's answer marks them
    const errors = [{ path: ['siteCode'], code: 'not_an_active_centre', message: 'closed' }]
    const [event] = await listRecords(db, 'caseEvent')
    await db.registrations.update(mamadou.id, { state: 'rejected', errors })
    await db.caseEvents.update(event!.id, { state: 'rejected', errors })

    await waitFor(() => expect(screen.queryByText(/saved on this phone/)).not.toBeInTheDocument())
    expect(screen.queryByText(/This case is now at Arlit transit centre/)).not.toBeInTheDocument()
    expect(screen.getAllByText(/A case can only be moved to an open transit centre/)).not.toHaveLength(0)
    await waitFor(() =>
      expect(timelineItems()[0]).toHaveTextContent(
        /^Transferred: Agadez transit centre → Arlit transit centre.*Needs attention — Refused by the server/,
      ),
    )
  })

  it('withdraws consent: says what is erased, keeps no personal field, shows the anonymous case', async () => {
    const mamadou = person({
      aliases: ['Mamadi'],
      languages: ['Pular'],
      placeOfBirth: 'Labé',
      migration: {
        originCountry: 'GIN',
        originTown: 'Labé',
        transitCountries: ['MLI'],
        reasonsForLeaving: ['economic'],
        abuseEnRoute: [],
      },
    })
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Withdraw consent' }))
    expect(screen.getByText(/^Erased from the case: name, other names, date and place of birth/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Erase and make anonymous' }))

    expect(await screen.findByRole('heading', { name: 'Anonymous case', level: 1 })).toBeInTheDocument()
    const [saved] = await listRecords(db, 'registration')
    const personal = [
      'givenName',
      'familyName',
      'aliases',
      'dateOfBirth',
      'placeOfBirth',
      'languages',
      'phone',
      'document',
      'household',
      'migration',
      'avrr',
    ]
    for (const field of personal) expect(saved?.data).not.toHaveProperty(field)
    expect(JSON.stringify(saved?.data)).not.toMatch(/Mamadou|Diallo|GN1234567|Labé|Mamadi|\+227/)
    expect(saved?.data).toMatchObject({ consentProcessing: false, consentSharing: false, ageGroup: '18_59' })
    const queued = (await db.outbox.orderBy('seq').toArray()).findLast((e) => e.entity === 'registration')
    expect(queued?.changedFields).toContain('givenName')
    expect(JSON.stringify(queued?.data)).not.toMatch(/Mamadou|Diallo/)
    const [event] = await listRecords(db, 'caseEvent')
    expect(event?.data).toMatchObject({ kind: 'consent_withdrawn' })
    expect(screen.queryByRole('button', { name: 'Withdraw consent' })).not.toBeInTheDocument()
  })

  it('lists in Arabic with the Arabic comma', async () => {
    const mamadou = person({ vulnerabilities: ['serious_medical_condition', 'elderly'] })
    await renderApp({ path: `/cases/${mamadou.id}`, lang: 'ar', seed: (db) => seedCase(db, mamadou) })
    const header = (await screen.findByRole('heading', { level: 1 })).closest('article')!
    await waitFor(() => expect(header).toHaveTextContent(/\S، \S/))
    await waitFor(() => expect(header.querySelector('#sections-title')).not.toBeNull())
    expect(header.textContent).not.toMatch(/\S, \S/)
  })

  it('shows an anonymous case without personal sections', async () => {
    const anon = anonymousRegistration()
    await renderApp({ path: `/cases/${anon.id}`, seed: (db) => seedCase(db, anon) })
    expect(await screen.findByRole('heading', { name: 'Anonymous case', level: 1 })).toBeInTheDocument()
    expect(screen.getByText('No case number')).toBeInTheDocument()
    expect(screen.getByText('No consent to processing: anonymous case')).toBeInTheDocument()
    // once the file's sections are drawn: consent and vulnerabilities, but no journey or household
    expect(await screen.findByRole('region', { name: 'Vulnerabilities' })).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Consent' })).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Journey' })).not.toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Household and group' })).not.toBeInTheDocument()
  })

  it('asks to write no name in the free text of an anonymous case', async () => {
    const anon = anonymousRegistration()
    const mamadou = person()
    const { user } = await renderApp({
      path: `/cases/${anon.id}`,
      seed: async (db) => {
        await seedCase(db, anon)
        await seedCase(db, mamadou)
      },
    })
    const hint = /did not consent to keeping their personal data: write nothing that names or identifies them/
    await user.click(await screen.findByRole('button', { name: 'Record assistance' }))
    expect(screen.getByLabelText('Notes (optional)')).toHaveAccessibleDescription(hint)
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    expect(screen.getByLabelText('Reason')).toHaveAccessibleDescription(hint)
  })

  it('says, once consent is withdrawn, that nothing written about the person is kept', async () => {
    const mamadou = person()
    const { user } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Withdraw consent' }))
    await user.click(screen.getByRole('button', { name: 'Erase and make anonymous' }))
    await screen.findByRole('heading', { name: 'Anonymous case', level: 1 })
    // the server stores such words as "—" (docs/api.md): the form says so before they are typed
    const hint = /withdrew consent: nothing written about them is kept/
    await user.click(await screen.findByRole('button', { name: 'Record assistance' }))
    expect(screen.getByLabelText('Notes (optional)')).toHaveAccessibleDescription(hint)
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    expect(screen.getByLabelText('Reason')).toHaveAccessibleDescription(hint)
  })
})
