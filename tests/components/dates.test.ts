/** Days and times as the screens write them: in the site's time zone (Niger, UTC+1), each style once per language. */
import { describe, expect, it } from 'vitest'
import { formatDay, formatWhen } from '@/components/dates'

describe('dates on screen', () => {
  it('writes a day in full or in figures, in the language asked', () => {
    expect(formatDay('2026-03-12', 'fr')).toBe('12 mars 2026')
    expect(formatDay('2026-03-12', 'fr', 'numeric')).toBe('12/03')
    expect(formatDay('2026-03-12', 'en')).toMatch(/12 Mar 2026|Mar 12, 2026/)
  })

  it("takes a timestamp's day at the site: 23:30 UTC is already the next day in Niamey", () => {
    expect(formatDay('2026-03-12T23:30:00.000Z', 'fr', 'numeric')).toBe('13/03')
  })

  it("writes only the time of today's moments, and the day before it otherwise", () => {
    const now = new Date('2026-03-12T16:00:00.000Z')
    expect(formatWhen('2026-03-12T13:03:00.000Z', 'fr', now)).toBe('14:03')
    expect(formatWhen('2026-03-10T13:03:00.000Z', 'fr', now)).toBe('10 mars 14:03')
  })
})
