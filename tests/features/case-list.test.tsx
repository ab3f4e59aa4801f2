import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { RelaisDb } from '@/data/db'
import type { RecordRow } from '@/data/records'
import { saveRecord } from '@/data/records'
import { CaseIndexStore } from '@/cases/case-index-store'
import { anonymousRegistration, namedRegistration } from '../helpers/records'
import { openCase } from './helpers/open-case'
import { renderApp } from './helpers/render-app'

const mamadou = namedRegistration({
  caseNumber: 'AGZ-7K-0042',
  givenName: 'Mamadou',
  familyName: 'Diallo',
  sex: 'male',
  nationality: 'GIN',
  dateOfBirth: '1998-03-14',
  vulnerabilities: [],
  registeredOn: '2026-11-20',
  document: { type: 'passport', number: 'G1234567' },
})
const aissata = namedRegistration({
  caseNumber: 'AGZ-7K-0043',
  givenName: 'Aïssata',
  familyName: 'Traoré',
  nationality: 'MLI',
  vulnerabilities: ['single_woman'],
  registeredOn: '2026-11-21',
  possibleDuplicateOf: [mamadou.id],
})
const child = anonymousRegistration({ caseNumber: 'AGZ-7K-0044', registeredOn: '2026-11-22', nationality: 'NGA' })

async function seedThree(db: RelaisDb) {
  for (const data of [mamadou, aissata, child]) await saveRecord(db, 'registration', data)
}

const rows = () => within(screen.getByRole('list', { name: /cases?$/ })).getAllByRole('listitem')

describe('Cases screen', () => {
  it('finds a case by a misspelled name, narrows to vulnerable cases and opens one', async () => {
    const { user } = await renderApp({ path: '/cases', seed: seedThree })
    expect(await screen.findByText('3 cases')).toBeInTheDocument()
    // vulnerable first, then newest: the anonymous child, Aïssata, then Mamadou
    expect(rows().map((row) => within(row).getByRole('link').textContent)).toEqual([
      expect.stringContaining('Anonymous'),
      expect.stringContaining('Aïssata Traoré'),
      expect.stringContaining('Mamadou Diallo'),
    ])
    const first = within(rows()[1] as HTMLElement).getByRole('link')
    expect(first).toHaveTextContent('AGZ-7K-0043')
    expect(first).toHaveTextContent('Vulnerable')
    expect(first).toHaveTextContent('Possible duplicate')
    expect(first).toHaveTextContent('Female')
    expect(first).toHaveTextContent('Saved on this phone')
    expect(within(rows()[0] as HTMLElement).getByRole('link')).toHaveTextContent('12–17')

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'Mamadu Dialo')
    await waitFor(() => expect(screen.getByText('1 case')).toBeInTheDocument())
    const link = within(rows()[0] as HTMLElement).getByRole('link')
    expect(link).toHaveTextContent('Mamadou Diallo')
    expect(link).toHaveTextContent('Guinea')
    expect(link).not.toHaveTextContent('Vulnerable')

    await user.clear(screen.getByRole('searchbox', { name: 'Search' }))
    await user.click(screen.getByText('Filters'))
    await user.click(screen.getByRole('checkbox', { name: 'Vulnerable only' }))
    await waitFor(() => expect(screen.getByText('2 cases')).toBeInTheDocument())
    expect(screen.queryByText('Mamadou Diallo')).not.toBeInTheDocument()

    const open = within(rows()[1] as HTMLElement).getByRole('link')
    expect(open).toHaveAttribute('href', `/cases/${aissata.id}`)
    await openCase(() => user.click(open))
    expect(await screen.findByRole('heading', { name: 'Aïssata Traoré', level: 1 })).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Cases', level: 1 })).not.toBeInTheDocument()
  })

  it('opens a case in one go: the list stays until the case is drawn, with no "Loading" between', async () => {
    const { user } = await renderApp({ path: '/cases', seed: seedThree })
    await screen.findByText('3 cases')
    const link = within(rows()[2] as HTMLElement).getByRole('link')
    // every text the screen shows from the tap on
    const shown: string[] = []
    const observer = new MutationObserver(() => shown.push(document.body.textContent ?? ''))
    observer.observe(document.body, { childList: true, subtree: true, characterData: true })
    try {
      await openCase(() => user.click(link))
      expect(await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })).toBeInTheDocument()
    } finally {
      observer.disconnect() // the next tests of this file share the document
    }
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.filter((text) => /Loading/.test(text))).toEqual([])
    // until the case came, the list was there
    const beforeCase = shown.filter((text) => !text.includes('Timeline'))
    expect(beforeCase.every((text) => text.includes('3 cases'))).toBe(true)
  })

  it('finds by case number, its beginning, and document number; filters by status, nationality and dates', async () => {
    const { user } = await renderApp({ path: '/cases', seed: seedThree })
    await screen.findByText('3 cases')
    const search = screen.getByRole('searchbox', { name: 'Search' })
    await user.type(search, 'agz-7k-0042')
    await waitFor(() => expect(screen.getByText('1 case')).toBeInTheDocument())
    expect(rows()[0]).toHaveTextContent('Mamadou Diallo')
    await user.clear(search)
    await user.type(search, 'AGZ-7K-004')
    await waitFor(() => expect(screen.getByText('3 cases')).toBeInTheDocument())
    await user.clear(search)
    await user.type(search, 'g1234567')
    await waitFor(() => expect(screen.getByText('1 case')).toBeInTheDocument())
    await user.clear(search)

    await user.click(screen.getByText('Filters'))
    expect(screen.queryByLabelText('Centre')).not.toBeInTheDocument() // one centre only
    await user.selectOptions(screen.getByLabelText('Nationality'), 'MLI')
    await waitFor(() => expect(screen.getByText('1 case')).toBeInTheDocument())
    expect(rows()[0]).toHaveTextContent('Aïssata Traoré')
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(screen.getByText('Filters').closest('details')).toHaveAttribute('open') // still there to choose another
    await user.selectOptions(screen.getByLabelText('Status'), 'assisted')
    await waitFor(() => expect(screen.getByText('0 cases')).toBeInTheDocument())
    expect(screen.getByText(/No case matches/)).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Status'), '')
    await user.type(screen.getByLabelText('Registered from'), '2026-11-21')
    await user.type(screen.getByLabelText('Registered until'), '2026-11-21')
    await waitFor(() => expect(screen.getByText('1 case')).toBeInTheDocument())
    expect(rows()[0]).toHaveTextContent('Aïssata Traoré')
  })

  it('says so when the cases could not be read, and tries again', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const start = vi.spyOn(CaseIndexStore.prototype, 'start').mockRejectedValueOnce(new Error('storage failed'))
    const { user } = await renderApp({ path: '/cases', seed: seedThree })
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The cases on this phone could not be read. Nothing is lost',
    )
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('3 cases')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(start).toHaveBeenCalledTimes(2)
    start.mockRestore()
    quiet.mockRestore()
  })

  it('narrows by sex, birth year give or take two, and age group', async () => {
    const { user } = await renderApp({ path: '/cases', seed: seedThree })
    await screen.findByText('3 cases')
    await user.click(screen.getByText('Filters'))
    await user.selectOptions(screen.getByLabelText('Sex'), 'male')
    await waitFor(() => expect(screen.queryByText('Aïssata Traoré')).not.toBeInTheDocument())
    expect(screen.getByText('Mamadou Diallo')).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Sex'), '')

    const born = screen.getByRole('textbox', { name: 'Born in (year)' })
    await user.type(born, '199')
    expect(screen.getByText('3 cases')).toBeInTheDocument() // three digits: not a year yet
    await user.type(born, '6')
    // both adults were born in 1998, within two years of 1996; the 12–17-year-old was not
    await waitFor(() => expect(screen.getByText('2 cases')).toBeInTheDocument())
    expect(screen.queryByText('Anonymous')).not.toBeInTheDocument()
    await user.clear(born)
    await user.type(born, '1990')
    await waitFor(() => expect(screen.getByText('0 cases')).toBeInTheDocument())
    // typed with an Arabic keyboard's digits: the same year, in ASCII digits
    await user.clear(born)
    await user.type(born, '\u0661\u0669\u0669\u0666')
    await waitFor(() => expect(screen.getByText('2 cases')).toBeInTheDocument())
    expect(born).toHaveValue('1996')
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(screen.getByText('3 cases')).toBeInTheDocument())
    expect(screen.getByRole('textbox', { name: 'Born in (year)' })).toHaveValue('')

    await user.selectOptions(screen.getByLabelText('Age group'), '12_17')
    await waitFor(() => expect(screen.getByText('1 case')).toBeInTheDocument())
    expect(rows()[0]).toHaveTextContent('Anonymous')
  })

  it('filters by centre only when the cases here belong to more than one', async () => {
    const arlit = namedRegistration({ siteCode: 'ARL-TC', givenName: 'Ibrahim', familyName: 'Maïga' })
    const { user } = await renderApp({
      path: '/cases',
      sites: ['AGZ-TC', 'ARL-TC'],
      seed: async (db) => {
        await seedThree(db)
        await saveRecord(db, 'registration', arlit)
      },
    })
    await screen.findByText('4 cases')
    await user.click(screen.getByText('Filters'))
    await user.selectOptions(screen.getByLabelText('Centre'), 'ARL-TC')
    await waitFor(() => expect(screen.getByText('1 case')).toBeInTheDocument())
    expect(rows()[0]).toHaveTextContent('Ibrahim Maïga')
    // by keyboard: the row is a link, Enter opens the case
    within(rows()[0] as HTMLElement)
      .getByRole('link')
      .focus()
    await openCase(() => user.keyboard('{Enter}'))
    expect(await screen.findByRole('heading', { name: 'Ibrahim Maïga', level: 1 })).toBeInTheDocument()
  })

  it('comes back from a case to the list as it was left, that case’s row in focus; from elsewhere, to its title', async () => {
    const scrolls = vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined)
    const { user } = await renderApp({ path: '/cases', seed: seedThree })
    await screen.findByText('3 cases')
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'Diallo')
    await waitFor(() => expect(screen.getByText('1 case')).toBeInTheDocument())
    await openCase(() => user.click(within(rows()[0] as HTMLElement).getByRole('link')))
    await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })

    await user.click(screen.getByRole('link', { name: 'Back to cases' }))
    const back = await screen.findByRole('link', { name: /Mamadou Diallo/ })
    await waitFor(() => expect(back).toHaveFocus())
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('Diallo')
    expect(scrolls).toHaveBeenCalled()

    // once: the list drawn again after a search that matched nothing leaves focus in the box
    const search = screen.getByRole('searchbox', { name: 'Search' })
    await user.clear(search)
    await user.type(search, 'Xqzw')
    await screen.findByText('0 cases')
    await user.clear(search)
    await screen.findByText('3 cases')
    expect(search).toHaveFocus()

    // the home screen's way in is not a way back: the screen's title takes focus
    await user.click(screen.getByRole('link', { name: /Relais/ }))
    await user.click(await screen.findByRole('link', { name: 'Cases' }))
    const title = await screen.findByRole('heading', { level: 1, name: /Cases/ })
    await waitFor(() => expect(title).toHaveFocus())
  })

  it('shows a case saved elsewhere in the app without a reload, in French', async () => {
    const { db } = await renderApp({ path: '/cases', lang: 'fr', seed: seedThree })
    expect(await screen.findByText('3 dossiers')).toBeInTheDocument()
    await saveRecord(db, 'registration', namedRegistration({ givenName: 'Hawa', familyName: 'Keïta' }))
    expect(await screen.findByText('4 dossiers')).toBeInTheDocument()
    expect(screen.getByText('Hawa Keïta')).toBeInTheDocument()
    expect(screen.getAllByText('Vulnérable').length).toBeGreaterThan(0)
  })

  it('seals the case index before the lock drops the keys, with the case saved last', async () => {
    const { db, user, services } = await renderApp({ path: '/cases', seed: seedThree })
    await screen.findByText('3 cases')
    const hawa = namedRegistration({ givenName: 'Hawa', familyName: 'Keïta' })
    await saveRecord(db, 'registration', hawa)
    await screen.findByText('4 cases')
    let sealedAtLock: unknown
    vi.mocked(services.lock).mockImplementation(async () => {
      sealedAtLock = (await db.meta.get('caseIndex:0'))?.value // four cases: one part
    })
    await user.click(screen.getByRole('button', { name: 'Lock' }))
    expect(await screen.findByRole('heading', { name: 'Unlock' })).toBeInTheDocument()
    // an unprotected test database keeps the rows plain: the ids say which cases it holds
    const rows = (sealedAtLock as { rows?: unknown[][] } | undefined)?.rows ?? []
    expect(rows.map((row) => row[0])).toContain(hawa.id)
    expect(rows).toHaveLength(4)
    expect(await db.meta.get('caseIndexStale')).toBeUndefined()
  })

  it('draws only the rows in view of a long list, each with its place in the whole', { timeout: 30_000 }, async () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      namedRegistration({ givenName: `Person${i}`, familyName: 'Sow', vulnerabilities: [] }),
    )
    const seed = async (db: RelaisDb) => {
      const at = new Date().toISOString()
      await db.registrations.bulkPut(
        many.map((data): RecordRow<'registration'> => ({
          id: data.id,
          entity: 'registration',
          data,
          syncedRev: 1,
          state: 'sent',
          localUpdatedAt: at,
        })),
      )
    }
    await renderApp({ path: '/cases', seed })
    expect(await screen.findByText('400 cases')).toBeInTheDocument()
    const drawn = rows()
    expect(drawn.length).toBeGreaterThan(3)
    expect(drawn.length).toBeLessThan(40)
    expect(drawn[0]).toHaveAttribute('aria-setsize', '400')
    expect(drawn[0]).toHaveAttribute('aria-posinset', '1')
  })
})
