/**
 * A case a supervisor merged into another (issue 9) leaves the phone's lists, search and
 * duplicate checks, but stays known by id (its page points to the survivor), and comes
 * back when the merge is undone.
 */
import { describe, expect, it } from 'vitest'
import { CaseIndex } from '@/cases/case-index'
import { summaryOf } from '../helpers/case-summaries'
import { namedRegistration } from '../helpers/records'

describe('a merged case on the phone', () => {
  const survivor = namedRegistration({ givenName: 'Hadiza', familyName: 'Maïga', caseNumber: 'AGZ-7K-0001' })
  const merged = namedRegistration({
    givenName: 'Hadiza',
    familyName: 'Maiga',
    caseNumber: 'AGZ-7K-0002',
    mergedInto: survivor.id,
  })

  it('leaves lists, search and duplicate checks, and stays known by id', () => {
    const index = new CaseIndex([summaryOf(survivor), summaryOf(merged)])
    expect(index.size).toBe(1)
    expect(index.all().map((c) => c.id)).toEqual([survivor.id])
    expect(index.search('Hadiza').map((c) => c.id)).toEqual([survivor.id])
    expect(index.search('AGZ-7K-0002')).toEqual([])
    expect(index.possibleDuplicates({ givenName: 'Hadiza', familyName: 'Maïga' }).map((c) => c.id)).toEqual([
      survivor.id,
    ])
    expect(index.get(merged.id)?.mergedInto).toBe(survivor.id)
    expect(
      index
        .everything()
        .map((c) => c.id)
        .sort(),
    ).toEqual([survivor.id, merged.id].sort())
  })

  it('leaves when a pull merges it, and comes back when the merge is undone', () => {
    const { mergedInto: _survivor, ...unmerged } = merged
    const index = new CaseIndex([summaryOf(survivor), summaryOf(unmerged)])
    expect(index.size).toBe(2)
    index.put(summaryOf(merged))
    expect(index.all().map((c) => c.id)).toEqual([survivor.id])
    expect(index.search('Maiga').map((c) => c.id)).toEqual([survivor.id])
    index.put(summaryOf(unmerged))
    expect(index.size).toBe(2)
    expect(index.search('AGZ-7K-0002').map((c) => c.id)).toEqual([merged.id])
  })
})
