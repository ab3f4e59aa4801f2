/**
 * A household transfer is all or nothing: a storage failure half-way (the phone full
 * while the second member's transfer is written) leaves every case where it was, with no
 * event and nothing queued, and the user reads what failed and that nothing changed, in
 * their language; once space is freed the same confirmation moves them all.
 */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { listRecords } from '@/data/records'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

const groupId = '01890000-0000-7000-8000-0000000000ee'
const thisYear = new Date().getFullYear()

function issaHousehold(): NamedRegistration[] {
  const member = (caseNumber: string, givenName: string, dateOfBirth: string, relationship: 'head' | 'child') =>
    person({
      caseNumber,
      givenName,
      familyName: 'Issa',
      sex: 'female',
      dateOfBirth,
      vulnerabilities: [],
      siteCode: 'AGZ-TC',
      household: { groupId, relationship },
    })
  return [
    member('AGZ-PR-0001', 'Hadiza', `${thisYear - 32}-01-01`, 'head'),
    member('AGZ-PR-0002', 'Zara', `${thisYear - 8}-01-01`, 'child'),
    member('AGZ-PR-0003', 'Amina', `${thisYear - 2}-01-01`, 'child'),
  ]
}

/** Makes the outbox's `nth` write from now on (from 1) fail with `error`; returns the undo. */
function failOutboxWrite(db: RelaisDb, nth: number, error: () => Error): () => void {
  let writes = 0
  const fail = () => {
    writes += 1
    if (writes === nth) throw error()
  }
  db.outbox.hook('creating', fail)
  return () => db.outbox.hook('creating').unsubscribe(fail)
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')
const abortError = () => new DOMException('The transaction was aborted.', 'AbortError')

const labels = {
  en: {
    transfer: 'Transfer',
    centre: 'Move to centre',
    arlit: 'Arlit transit centre',
    next: 'Continue',
    confirm: 'Transfer 3 cases to Arlit transit centre',
    full: 'The transfer was not saved: this phone is full. No case moved and nothing was changed; free some space and try again.',
    storage:
      'The transfer was not saved: this phone could not store it. No case moved and nothing was changed; try again.',
  },
  fr: {
    transfer: 'Transférer',
    centre: 'Déplacer vers le centre',
    arlit: "Centre de transit d'Arlit",
    next: 'Continuer',
    confirm: "Transférer 3 dossiers vers « Centre de transit d'Arlit »",
    full: 'Le transfert n’a pas été enregistré : le téléphone est plein. Aucun dossier n’a été déplacé et rien n’a changé ; libérez de la place puis réessayez.',
    storage:
      'Le transfert n’a pas été enregistré : le téléphone n’a pas pu le stocker. Aucun dossier n’a été déplacé et rien n’a changé ; réessayez.',
  },
  ar: {
    transfer: 'نقل',
    centre: 'النقل إلى المركز',
    arlit: 'مركز العبور في أرليت',
    next: 'متابعة',
    confirm: 'نقل 3 ملفات إلى مركز العبور في أرليت',
    full: 'لم يُحفظ النقل: ذاكرة الهاتف ممتلئة. لم يُنقل أي ملف ولم يتغيّر شيء؛ أفرِغ بعض المساحة ثم أعد المحاولة.',
    storage: 'لم يُحفظ النقل: تعذّر على الهاتف تخزينه. لم يُنقل أي ملف ولم يتغيّر شيء؛ أعد المحاولة.',
  },
}

type Lang = keyof typeof labels

async function confirmationOf(lang: Lang) {
  const household = issaHousehold()
  const rendered = await renderApp({
    path: `/cases/${household[0]!.id}`,
    lang,
    seed: async (db) => {
      for (const c of household) await seedCase(db, c)
    },
  })
  const { user } = rendered
  const l = labels[lang]
  await user.click(await screen.findByRole('button', { name: l.transfer }))
  const centre = screen.getByLabelText(l.centre)
  await within(centre).findByRole('option', { name: l.arlit })
  await user.selectOptions(centre, 'ARL-TC')
  await user.click(screen.getByRole('button', { name: l.next }))
  return { ...rendered, confirm: await screen.findByRole('button', { name: l.confirm }) }
}

/** Every case still at Agadez, no event, nothing more queued than `queued`. */
async function expectNothingChanged(db: RelaisDb, queued: number) {
  expect((await listRecords(db, 'registration')).map((c) => c.data.siteCode)).toEqual(['AGZ-TC', 'AGZ-TC', 'AGZ-TC'])
  expect(await listRecords(db, 'caseEvent')).toEqual([])
  expect(await db.outbox.count()).toBe(queued)
}

describe('a household transfer that cannot be stored', () => {
  it('moves no one when the phone fills up at the second member, says so, and moves all once there is space', async () => {
    const { user, db, confirm } = await confirmationOf('en')
    const queued = await db.outbox.count()
    // the mother's event and case are written, then the second member's event fails
    const restore = failOutboxWrite(db, 3, quotaError)
    await user.click(confirm)

    expect(await screen.findByRole('alert')).toHaveTextContent(labels.en.full)
    await expectNothingChanged(db, queued)

    restore()
    await user.click(screen.getByRole('button', { name: labels.en.confirm }))
    expect(
      await screen.findByText(/Transfer of 3 cases to Arlit transit centre saved on this phone/),
    ).toBeInTheDocument()
    expect((await listRecords(db, 'registration')).map((c) => c.data.siteCode)).toEqual(['ARL-TC', 'ARL-TC', 'ARL-TC'])
    expect(await listRecords(db, 'caseEvent')).toHaveLength(3)
    expect(await db.outbox.count()).toBe(queued + 6)
  })

  it.each(['en', 'fr', 'ar'] as const)(
    'says what failed in words (%s), a full phone or another storage failure',
    async (lang) => {
      for (const [failure, words] of [
        [quotaError, labels[lang].full],
        [abortError, labels[lang].storage],
      ] as const) {
        const { user, db, confirm, unmount } = await confirmationOf(lang)
        const queued = await db.outbox.count()
        const restore = failOutboxWrite(db, 4, failure)
        await user.click(confirm)
        expect(await screen.findByRole('alert')).toHaveTextContent(words)
        restore()
        await expectNothingChanged(db, queued)
        unmount()
      }
    },
  )
})
