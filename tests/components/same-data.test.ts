import { describe, expect, it } from 'vitest'
import { sameData } from '@/components/use-draft'

// a draft equal to the form's defaults holds no typing: no "unfinished form restored"
describe('sameData', () => {
  it('finds a draft read back equal to the defaults, whatever the order of its keys', () => {
    const defaults = { siteCode: 'ARL-FMP', counts: { men: '', women: '' }, nationalities: [] }
    expect(sameData({ nationalities: [], counts: { women: '', men: '' }, siteCode: 'ARL-FMP' }, defaults)).toBe(true)
    expect(sameData({ ...defaults, note: undefined }, defaults)).toBe(true)
  })

  it('tells any typed value apart', () => {
    const defaults = { siteCode: 'ARL-FMP', counts: { men: '' }, nationalities: [] as unknown[] }
    expect(sameData({ ...defaults, counts: { men: '0' } }, defaults)).toBe(false)
    expect(sameData({ ...defaults, nationalities: [{ country: '', count: '' }] }, defaults)).toBe(false)
    expect(sameData({ ...defaults, siteCode: 'MAD-FMP' }, defaults)).toBe(false)
    expect(sameData({ ...defaults, extra: '' }, defaults)).toBe(false)
    expect(sameData([], {})).toBe(false)
  })
})
