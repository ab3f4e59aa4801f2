/**
 * A case a supervisor merged into another (issue 9) leaves the phone's lists but stays
 * known by id (its page points to the survivor), and comes back when the merge is undone.
 * A person may still present the merged case's card: its number, document and names
 * find the survivor.
 */
import { describe, expect, it } from 'vitest'
import { CaseIndex } from '@/cases/case-index'
import { summaryOf } from '../helpers/case-summaries'
import { namedRegistration } from '../helpers/records'

const ids = (cases: readonly { id: string }[]) => cases.map((c) => c.id)

describe('a merged case on the phone', () => {
  const survivor = namedRegistration({ givenName: 'Hadiza', familyName: 'Maïga', caseNumber: 'AGZ-7K-0001' })
  const merged = namedRegistration({
    givenName: 'Hadiza',
    familyName: 'Maiga',
    caseNumber: 'AGZ-7K-0002',
    mergedInto: survivor.id,
  })

  it('leaves lists, stays known by id, and counts once in search and duplicate checks', () => {
    const index = new CaseIndex([summaryOf(survivor), summaryOf(merged)])
    expect(index.size).toBe(1)
    expect(ids(index.all())).toEqual([survivor.id])
    expect(ids(index.search('Hadiza'))).toEqual([survivor.id])
    expect(ids(index.possibleDuplicates({ givenName: 'Hadiza', familyName: 'Maïga' }))).toEqual([survivor.id])
    expect(index.get(merged.id)?.mergedInto).toBe(survivor.id)
    expect(ids(index.everything()).sort()).toEqual([survivor.id, merged.id].sort())
  })

  it('leaves when a pull merges it, and comes back when the merge is undone', () => {
    const { mergedInto: _survivor, ...unmerged } = merged
    const index = new CaseIndex([summaryOf(survivor), summaryOf(unmerged)])
    expect(index.size).toBe(2)
    index.put(summaryOf(merged))
    expect(ids(index.all())).toEqual([survivor.id])
    expect(ids(index.search('Maiga'))).toEqual([survivor.id])
    expect(ids(index.search('AGZ-7K-0002'))).toEqual([survivor.id])
    index.put(summaryOf(unmerged))
    expect(index.size).toBe(2)
    expect(ids(index.search('AGZ-7K-0002'))).toEqual([unmerged.id])
    expect(index.casesMergedInto(survivor.id)).toEqual([])
  })
})

describe('the card of a merged case', () => {
  const kept = namedRegistration({
    givenName: 'Mamadou',
    familyName: 'Diallo',
    caseNumber: 'AGZ-9D-0001',
    document: { type: 'passport', number: 'G1111111' },
  })
  // registered again under a short form of the given name: the name index alone would not match them
  const mergedCase = namedRegistration({
    givenName: 'Madou',
    familyName: 'Dialo',
    caseNumber: 'AGZ-AL-0001',
    document: { type: 'passport', number: 'G2222222' },
    mergedInto: kept.id,
  })
  const other = namedRegistration({ givenName: 'Aïssata', familyName: 'Traoré', caseNumber: 'AGZ-AL-0002' })
  const cases = [summaryOf(kept), summaryOf(mergedCase), summaryOf(other)]

  it.each([
    { typed: 'AGZ-AL-0001', how: 'its case number' },
    { typed: 'agz al 0001', how: 'its case number, typed loosely' },
    { typed: 'G2222222', how: 'its document number' },
  ])('finds the survivor, once, by $how', ({ typed }) => {
    const index = new CaseIndex(cases)
    expect(ids(index.search(typed))).toEqual([kept.id])
  })

  it('finds the survivor by the beginning of the number, among the other cases it fits, in list order', () => {
    const index = new CaseIndex(cases)
    expect(ids(index.search('AGZ-AL')).sort()).toEqual([kept.id, other.id].sort())
    expect(ids(index.search('AGZ-AL'))).toEqual(ids(index.all().filter((c) => c.id !== mergedCase.id)))
  })

  it("finds the survivor by the merged case's spelling of the name", () => {
    const index = new CaseIndex(cases)
    expect(ids(index.search('Madou Dialo'))).toEqual([kept.id])
  })

  it('finds the survivor after a pull merges the case into it while the search was ready', () => {
    const { mergedInto: _kept, ...unmerged } = mergedCase
    const index = new CaseIndex([summaryOf(kept), summaryOf(unmerged), summaryOf(other)])
    index.prepareSearch()
    index.apply([[mergedCase.id, summaryOf(mergedCase)]])
    expect(ids(index.search('AGZ-AL-0001'))).toEqual([kept.id])
    // a page of a pull, applied at once
    const many = new CaseIndex([summaryOf(kept), summaryOf(unmerged)])
    many.prepareSearch()
    const page = Array.from({ length: 40 }, (_, i) => {
      const c = summaryOf(namedRegistration({ caseNumber: `AGZ-ZZ-${String(i).padStart(4, '0')}` }))
      return [c.id, c] as const
    })
    many.apply([...page, [mergedCase.id, summaryOf(mergedCase)]])
    expect(ids(many.search('AGZ-AL-0001'))).toEqual([kept.id])
    expect(ids(many.search('G2222222'))).toEqual([kept.id])
    expect(many.all().some((c) => c.id === mergedCase.id)).toBe(false)
  })

  it('keeps the filters of the survivor', () => {
    const index = new CaseIndex(cases)
    expect(index.search('AGZ-AL-0001', { siteCode: 'NOWHERE' })).toEqual([])
  })

  it('is listed on the survivor, and forgotten when the merged case goes', () => {
    const index = new CaseIndex(cases)
    expect(ids(index.casesMergedInto(kept.id))).toEqual([mergedCase.id])
    expect(index.casesMergedInto(other.id)).toEqual([])
    index.remove(mergedCase.id)
    expect(index.casesMergedInto(kept.id)).toEqual([])
    expect(index.search('AGZ-AL-0001')).toEqual([])
  })

  it('answers the survivor in a duplicate check, never the case being edited', () => {
    const index = new CaseIndex(cases)
    const query = { givenName: 'Madou', familyName: 'Dialo' }
    expect(ids(index.possibleDuplicates(query))).toEqual([kept.id])
    expect(index.possibleDuplicates({ ...query, excludeId: kept.id })).toEqual([])
  })
})
