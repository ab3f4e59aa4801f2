/**
 * Renders the registration screens (new, edit) signed in, on a per-user fake IndexedDB,
 * with a case finder the test provides (the real NameIndex behind a minimal CaseFinder),
 * and steps through the form as a registrar does.
 */
import { fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes, useLocation, useParams } from 'react-router'
import { vi } from 'vitest'
import { CaseFinderContext, type CaseFinder, type CaseSummary } from '@/cases/case-finder'
import { AppContextProvider } from '@/components/app-context'
import { openUserDb, type RelaisDb } from '@/data/db'
import { replaceSites } from '@/data/sites'
import { RegistrationEdit } from '@/features/registration/registration-edit'
import { RegistrationForm } from '@/features/registration/registration-form'
import { setLanguage } from '@/i18n/i18n'
import type { Session } from '@/session/session'
import { NameIndex } from '@/shared/names/name-index'
import { fakeSession, SITES } from '../helpers/render-app'

export type User = ReturnType<typeof userEvent.setup>

/** A CaseFinder over these cases, matching names with the real NameIndex. */
export function testFinder(cases: CaseSummary[]): CaseFinder {
  const byId = new Map(cases.map((c) => [c.id, c]))
  const year = (day?: string) => (day ? Number(day.slice(0, 4)) : undefined)
  const index = new NameIndex(
    cases
      .filter((c) => c.named)
      .map((c) => ({
        id: c.id,
        givenName: c.givenName ?? '',
        familyName: c.familyName ?? '',
        ...(c.aliases ? { aliases: c.aliases } : {}),
        sex: c.sex,
        nationality: c.nationality,
        ...(c.dateOfBirth ? { birthYear: year(c.dateOfBirth) } : {}),
      })),
  )
  const found = (ids: { id: string }[]) => ids.flatMap((m) => byId.get(m.id) ?? [])
  return {
    size: cases.length,
    get: (id) => byId.get(id),
    search: (text) => found(index.search(text)),
    possibleDuplicates: (q) =>
      found(
        index.possibleDuplicates({
          id: q.excludeId ?? '',
          givenName: q.givenName,
          familyName: q.familyName,
          ...(q.aliases ? { aliases: q.aliases } : {}),
          ...(q.sex ? { sex: q.sex } : {}),
          ...(q.dateOfBirth ? { birthYear: year(q.dateOfBirth) } : {}),
        }),
      ),
    casesMergedInto: (id) => cases.filter((c) => c.mergedInto === id),
    mergedCases: () => cases.filter((c) => c.mergedInto !== undefined),
    survivorOf: (c) => {
      let found = c
      for (let hops = 0; hops < 8 && found.mergedInto !== undefined; hops++) found = byId.get(found.mergedInto) ?? found
      return found
    },
    householdMembers: (groupId) => cases.filter((c) => c.householdGroupId === groupId && c.mergedInto === undefined),
  }
}

export interface HarnessOptions {
  path?: string
  caseCode?: string
  finder?: CaseFinder
  /** The same database and session again (a reload). */
  reuse?: { db: RelaisDb; session: Session }
  seed?: (db: RelaisDb) => Promise<void>
}

function CasePageStub() {
  const { id } = useParams()
  const location = useLocation()
  const saved = (location.state as { saved?: string } | null)?.saved
  return (
    <h1>
      Case page {id}
      {saved ? ' (saved)' : ''}
    </h1>
  )
}

export async function renderRegistration(options: HarnessOptions = {}) {
  await setLanguage('en')
  const session =
    options.reuse?.session ??
    ({
      ...fakeSession('registrar', ['AGZ-TC', 'ARL-FMP']),
      ...(options.caseCode ? { caseCode: options.caseCode } : {}),
    } as Session)
  const db = options.reuse?.db ?? openUserDb(session.user.id)
  if (!options.reuse) await replaceSites(db, SITES)
  await options.seed?.(db)
  const user = userEvent.setup()
  const view = render(
    <AppContextProvider value={{ session, db, sync: { syncNow: vi.fn(async () => undefined) } }}>
      <CaseFinderContext.Provider value={options.finder}>
        <MemoryRouter initialEntries={[options.path ?? '/register']}>
          <Routes>
            <Route path="/register" element={<RegistrationForm />} />
            <Route path="/cases/:id/edit" element={<RegistrationEdit />} />
            <Route path="/cases/:id" element={<CasePageStub />} />
            <Route path="/cases" element={<h1>Cases</h1>} />
          </Routes>
        </MemoryRouter>
      </CaseFinderContext.Provider>
    </AppContextProvider>,
  )
  return { ...view, user, db, session }
}

export const group = (name: string | RegExp) => screen.getByRole('group', { name })
export const stepHeading = (name: RegExp) => screen.findByRole('heading', { level: 2, name })
export const setDate = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } })

export async function next(user: User) {
  await user.click(screen.getByRole('button', { name: 'Next' }))
}

export async function choose(user: User, groupName: string | RegExp, option: string) {
  await user.click(within(group(groupName)).getByLabelText(option))
}

/** The consent step of a consenting person (or a refusal), then Next. */
export async function fillConsent(
  user: User,
  { consent = 'Yes', givenBy, entry = 'walk_in' }: { consent?: 'Yes' | 'No'; givenBy?: string; entry?: string } = {},
) {
  await stepHeading(/Step 1 of \d+: Consent/)
  await user.selectOptions(screen.getByLabelText('Entry channel'), entry)
  await choose(user, 'Consent to data processing', consent)
  if (consent === 'Yes') {
    if (givenBy) await choose(user, /Who gives consent/, givenBy)
    await choose(user, 'Consent to sharing with partners', 'Yes')
  }
  await next(user)
  await stepHeading(/Step 2 of \d+/) // the next step is drawn after the tap, not during it
}

/** The identity step's required answers, then (unless told not to) Next. */
export async function fillIdentity(
  user: User,
  p: { given: string; family: string; sex?: string; born?: string; age?: number; nationality?: string },
  { goOn = true } = {},
) {
  await stepHeading(/Identity/)
  await user.type(screen.getByLabelText('Given name'), p.given)
  await user.type(screen.getByLabelText('Family name'), p.family)
  await choose(user, 'Sex', p.sex ?? 'Female')
  if (p.age !== undefined) {
    await choose(user, 'Date of birth or age', 'Age only')
    await user.type(screen.getByLabelText('Estimated age (years)'), String(p.age))
  } else {
    setDate('Date of birth', p.born ?? '1998-03-14')
  }
  await user.selectOptions(screen.getByLabelText('Nationality'), p.nationality ?? 'MLI')
  if (goOn) await next(user)
}

/** From household to review, answering nothing more. */
export async function skipToReview(user: User) {
  for (const step of [/Household/, /Journey/, /Vulnerabilities/, /Assisted return/]) {
    await stepHeading(step)
    await next(user)
  }
  await stepHeading(/Review and save/)
}
