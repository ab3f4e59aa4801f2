import { describe, expect, it } from 'vitest'
import { siteDay, siteTomorrow } from '@/shared/site-time'

describe('the site day (Africa/Niamey, UTC+1 all year)', () => {
  it('turns at 23:00 UTC, whatever the phone says, and is asked again and again without drifting', () => {
    for (let round = 0; round < 3; round++) {
      expect(siteDay(new Date('2026-12-04T22:59:59.999Z'))).toBe('2026-12-04')
      expect(siteDay(new Date('2026-12-04T23:00:00.000Z'))).toBe('2026-12-05')
      expect(siteDay(new Date('2026-12-05T09:30:00+05:00'))).toBe('2026-12-05')
      expect(siteTomorrow(new Date('2026-12-31T22:59:59.999Z'))).toBe('2027-01-01')
      expect(siteTomorrow(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-02')
      expect(siteDay(new Date('2028-02-28T23:00:00.000Z'))).toBe('2028-02-29')
      expect(siteDay(new Date('1969-12-31T23:00:00.000Z'))).toBe('1970-01-01')
      expect(siteDay(new Date('1969-12-31T22:59:59.999Z'))).toBe('1969-12-31')
    }
  })

  it('keeps the right day across many days asked in turn', () => {
    const start = Date.parse('2026-01-01T12:00:00.000Z')
    for (let i = 0; i < 40; i++) {
      const at = new Date(start + (i % 13) * 86_400_000)
      expect(siteDay(at)).toBe(new Date(at.getTime() + 3_600_000).toISOString().slice(0, 10))
    }
  })

  it('refuses an invalid date as before', () => {
    expect(() => siteDay(new Date('not a date'))).toThrow(RangeError)
  })
})
