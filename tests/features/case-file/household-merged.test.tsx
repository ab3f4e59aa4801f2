/**
 * A household member whose case a supervisor merged into another stays on the
 * household's page: "merged into" the surviving case, linked when it is on this phone,
 * else said to be elsewhere; a transfer never takes the merged case along.
 */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { newId } from '@/shared/ids'
import type { Language } from '@/i18n/languages'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { openCase } from '../helpers/open-case'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

const groupId = '01890000-0000-7000-8000-0000000000ff'

const member = (caseNumber: string, givenName: string, overrides: Partial<NamedRegistration> = {}) =>
  person({
    caseNumber,
    givenName,
    familyName: 'Issa',
    sex: 'female',
    vulnerabilities: [],
    siteCode: 'AGZ-TC',
    household: { groupId, relationship: 'child' },
    ...overrides,
  })

/**
 * Zara registered twice: her second case, on its own, is the one a supervisor kept; or,
 * `mergedTwice`, a third one into which a supervisor merged the second in turn.
 */
function household(survivorOnPhone: boolean, mergedTwice = false) {
  const last = member('AGZ-7K-0077', 'Zara', { household: undefined })
  const survivor = member('AGZ-7K-0042', 'Zara', {
    household: undefined,
    ...(mergedTwice ? { mergedInto: last.id } : {}),
  })
  return {
    mother: member('AGZ-PR-0001', 'Hadiza', { household: { groupId, relationship: 'head' } }),
    amina: member('AGZ-PR-0003', 'Amina'),
    zara: member('AGZ-PR-0002', 'Zara', { mergedInto: survivorOnPhone ? survivor.id : newId() }),
    survivor: survivorOnPhone ? survivor : undefined,
    last: mergedTwice ? last : undefined,
  }
}

async function openMother(survivorOnPhone: boolean, lang: Language = 'en', mergedTwice = false) {
  const h = household(survivorOnPhone, mergedTwice)
  const rendered = await renderApp({
    path: `/cases/${h.mother.id}`,
    lang,
    seed: async (db) => {
      for (const c of [h.mother, h.amina, h.zara, h.survivor, h.last]) if (c) await seedCase(db, c)
    },
  })
  await screen.findByRole('heading', { name: 'Hadiza Issa', level: 1 })
  const region = await screen.findByRole('region', {
    name: { en: 'Household and group', fr: 'Ménage et groupe', ar: 'الأسرة والمجموعة' }[lang],
  })
  return { ...rendered, h, region }
}

const lines = async (region: HTMLElement, count: number) => {
  const items = await within(region).findAllByRole('listitem')
  expect(items).toHaveLength(count)
  return items.map((li) => li.textContent)
}

describe('a household member merged into another case', () => {
  it('stays on the household’s page, merged into the surviving case, linked', async () => {
    const { user, h, region } = await openMother(true)
    expect(await lines(region, 2)).toEqual([
      'AGZ-PR-0003 · Amina Issa',
      'AGZ-PR-0002 · Zara Issa — merged into AGZ-7K-0042',
    ])
    const link = within(region).getByRole('link', { name: 'AGZ-7K-0042' })
    expect(link).toHaveAttribute('href', `/cases/${h.survivor?.id}`)

    await openCase(() => user.click(within(region).getByRole('link', { name: 'AGZ-7K-0042' })))
    await screen.findByRole('heading', { name: 'Zara Issa', level: 1 })
    // the surviving case's page, which names the merged one
    const also = (await screen.findByText('Also registered as')).closest('p') as HTMLElement
    expect(also).toHaveTextContent('Also registered as AGZ-PR-0002')
  })

  it('points to the case that holds the person now when the surviving case was merged in turn', async () => {
    const { h, region } = await openMother(true, 'en', true)
    expect(await lines(region, 2)).toEqual([
      'AGZ-PR-0003 · Amina Issa',
      'AGZ-PR-0002 · Zara Issa — merged into AGZ-7K-0077',
    ])
    expect(within(region).getByRole('link', { name: 'AGZ-7K-0077' })).toHaveAttribute('href', `/cases/${h.last?.id}`)
  })

  it('is never taken along by a transfer, and its confirmation says where the person is', async () => {
    const { user } = await openMother(true)
    await user.click(screen.getByRole('button', { name: 'Transfer' }))
    const centre = screen.getByLabelText('Move to centre')
    await within(centre).findByRole('option', { name: 'Arlit transit centre' })
    await user.selectOptions(centre, 'ARL-TC')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    const members = await screen.findByRole('group', { name: 'Household members registered with this case' })
    expect(within(members).getAllByRole('checkbox')).toHaveLength(1)
    expect(within(members).getByRole('checkbox', { name: /^Amina Issa/ })).toBeChecked()
    // listed, not ticked, and no link that would leave the confirmation
    expect(within(members).getByRole('listitem')).toHaveTextContent(
      /^Zara Issa · AGZ-PR-0002 · .* — merged into AGZ-7K-0042$/,
    )
    expect(within(members).queryByRole('link')).toBeNull()
    expect(screen.getByRole('button', { name: 'Transfer 2 cases to Arlit transit centre' })).toBeInTheDocument()
  })

  it('says so when the surviving case is not on this phone', async () => {
    const { region } = await openMother(false)
    expect(await lines(region, 2)).toEqual([
      'AGZ-PR-0003 · Amina Issa',
      'AGZ-PR-0002 · Zara Issa — merged into another case, not on this phone',
    ])
  })

  it.each([
    ['fr', true, 'AGZ-PR-0002 · Zara Issa — dossier fusionné dans AGZ-7K-0042'],
    ['fr', false, 'AGZ-PR-0002 · Zara Issa — dossier fusionné dans un autre dossier, absent de ce téléphone'],
    ['ar', true, 'AGZ-PR-0002 · Zara Issa — دُمج الملف في AGZ-7K-0042'],
    ['ar', false, 'AGZ-PR-0002 · Zara Issa — دُمج الملف في ملف آخر ليس على هذا الهاتف'],
  ] as const)('says it in %s (survivor on the phone: %s)', async (lang, onPhone, line) => {
    const { region } = await openMother(onPhone, lang)
    expect((await lines(region, 2))[1]).toBe(line)
  })
})
