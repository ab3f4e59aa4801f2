import { describe, expect, it } from 'vitest'
import { canNumberCases, nextCaseNumber, sitePrefix } from '@/cases/case-number'
import { CASE_COUNTER_KEY, eraseReadableData, RelaisDb } from '@/data/db'
import { caseNumberSchema } from '@/shared/schemas/registration'

let seq = 0
const userId = () => `case-number-${Date.now()}-${++seq}`

describe('case numbers', () => {
  it('takes the site prefix before the first dash', () => {
    expect(sitePrefix('AGZ-TC')).toBe('AGZ')
    expect(sitePrefix('NIA-TC1')).toBe('NIA')
    expect(sitePrefix('ARLIT')).toBe('ARLIT')
  })

  it('counts up from 0001, four digits at least, each number valid', async () => {
    const db = new RelaisDb(userId())
    const numbers = [
      await nextCaseNumber(db, 'AGZ-TC', '7k'),
      await nextCaseNumber(db, 'AGZ-TC', '7K'),
      await nextCaseNumber(db, 'NIA-TC1', '7K'),
    ]
    expect(numbers).toEqual(['AGZ-7K-0001', 'AGZ-7K-0002', 'NIA-7K-0003'])
    for (const n of numbers) expect(caseNumberSchema.safeParse(n).success).toBe(true)
    await db.meta.put({ key: CASE_COUNTER_KEY, value: 9999 })
    expect(await nextCaseNumber(db, 'AGZ-TC', '7K')).toBe('AGZ-7K-10000')
    db.close()
  })

  it('goes on from where it was after the database is opened again', async () => {
    const id = userId()
    const first = new RelaisDb(id)
    expect(await nextCaseNumber(first, 'AGZ-TC', 'Q2')).toBe('AGZ-Q2-0001')
    expect(await nextCaseNumber(first, 'AGZ-TC', 'Q2')).toBe('AGZ-Q2-0002')
    first.close()
    const reopened = new RelaisDb(id)
    expect(await nextCaseNumber(reopened, 'AGZ-TC', 'Q2')).toBe('AGZ-Q2-0003')
    reopened.close()
  })

  it('goes on from where it was after the readable data is erased (a password reset elsewhere)', async () => {
    const db = new RelaisDb(userId())
    expect(await nextCaseNumber(db, 'AGZ-TC', '9D')).toBe('AGZ-9D-0001')
    expect(await nextCaseNumber(db, 'AGZ-TC', '9D')).toBe('AGZ-9D-0002')
    await db.meta.put({ key: 'syncCursor', value: 'c-42' })
    await eraseReadableData(db)
    // the numbers on the cards of the first two people are never given again
    expect(await nextCaseNumber(db, 'AGZ-TC', '9D')).toBe('AGZ-9D-0003')
    // and everything else in meta went, the pull position with it
    expect(await db.meta.get('syncCursor')).toBeUndefined()
    db.close()
  })

  it('never gives the same number twice to saves made at the same time', async () => {
    const db = new RelaisDb(userId())
    const numbers = await Promise.all(Array.from({ length: 20 }, () => nextCaseNumber(db, 'AGZ-TC', '7K')))
    expect(new Set(numbers).size).toBe(20)
    expect(numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    db.close()
  })

  it('makes no number from a code or site that cannot make a valid one, and keeps the counter', async () => {
    const db = new RelaisDb(userId())
    expect(canNumberCases('AGZ-TC', undefined)).toBe(false)
    expect(canNumberCases('AGZ-TC', 'TOOLONG')).toBe(false)
    expect(canNumberCases('AGADEZCENTRE-TC', '7K')).toBe(false)
    await expect(nextCaseNumber(db, 'AGZ-TC', 'x')).rejects.toThrow(/No case number/)
    expect(await db.meta.get(CASE_COUNTER_KEY)).toBeUndefined()
    db.close()
  })
})
