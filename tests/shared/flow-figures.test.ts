import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DIRECTIONS, TRANSPORT_MODES } from '@/shared/schemas/codes'
import { flowDayStatsSchema, flowNationalityStatsSchema, flowTransportStatsSchema } from '@/shared/schemas/stats'
import {
  flowDayRows,
  flowFigures,
  flowNationalityRows,
  flowTransportRows,
  flowVulnerabilityRows,
  type FlowTally,
} from '@/shared/stats/flow-figures'
import { flowCount } from '../helpers/records'

describe('flow figures', () => {
  it('counts a tally at 23:30Z on the next local day in Niamey', () => {
    const late = flowCount({ observedAt: '2026-11-29T23:30:00.000Z' })
    const early = flowCount({ observedAt: '2026-11-29T22:59:00.000Z' })
    const rows = flowDayRows([late, early])
    expect(rows.map((r) => [r.day, r.tallies])).toEqual([
      ['2026-11-29', 1],
      ['2026-11-30', 1],
    ])
  })

  it('sums tallies of one day, site and direction into one row', () => {
    const a = flowCount({ observedAt: '2026-11-29T08:00:00+01:00' })
    const b = flowCount({
      observedAt: '2026-11-29T18:00:00+01:00',
      transport: 'bus',
      men: 1,
      women: 1,
      boys: 0,
      girls: 0,
      total: 2,
      unaccompaniedChildren: 0,
      pregnantWomen: 1,
      elderly: 1,
      nationalities: [{ country: 'NGA', count: 2 }],
    })
    expect(flowDayRows([a, b])).toEqual([
      {
        day: '2026-11-29',
        siteCode: 'SEG-FMP',
        direction: 'outgoing',
        men: 13,
        women: 4,
        boys: 2,
        girls: 1,
        total: 20,
        tallies: 2,
        unaccompaniedChildren: 1,
        childrenUnder5: 0,
        elderly: 1,
        pregnantWomen: 2,
        withDisability: 0,
      },
    ])
    expect(flowNationalityRows([a, b]).map((r) => [r.country, r.count])).toEqual([
      ['MLI', 6],
      ['NGA', 12],
      ['OOO', 2],
    ])
    expect(flowTransportRows([a, b]).map((r) => [r.transport, r.total, r.tallies])).toEqual([
      ['bus', 2, 1],
      ['truck', 18, 1],
    ])
    expect(flowVulnerabilityRows([a, b])).toEqual([
      {
        day: '2026-11-29',
        siteCode: 'SEG-FMP',
        direction: 'outgoing',
        unaccompaniedChildren: 1,
        childrenUnder5: 0,
        elderly: 1,
        pregnantWomen: 2,
        withDisability: 0,
      },
    ])
  })

  it('keeps days, sites and directions apart, sorted by day, site, then direction', () => {
    const rows = flowDayRows([
      flowCount({ siteCode: 'SEG-FMP', direction: 'outgoing', observedAt: '2026-11-30T09:00:00+01:00' }),
      flowCount({ siteCode: 'ARL-FMP', direction: 'outgoing', observedAt: '2026-11-30T09:00:00+01:00' }),
      flowCount({ siteCode: 'ARL-FMP', direction: 'incoming', observedAt: '2026-11-30T09:00:00+01:00' }),
      flowCount({ siteCode: 'SEG-FMP', direction: 'incoming', observedAt: '2026-11-28T09:00:00+01:00' }),
    ])
    expect(rows.map((r) => `${r.day} ${r.siteCode} ${r.direction}`)).toEqual([
      '2026-11-28 SEG-FMP incoming',
      '2026-11-30 ARL-FMP incoming',
      '2026-11-30 ARL-FMP outgoing',
      '2026-11-30 SEG-FMP outgoing',
    ])
  })

  it('leaves out tallies whose local day falls outside the range, both ends included', () => {
    const figures = flowFigures([], { from: '2026-11-29', to: '2026-11-30' })
    expect(figures.add(flowCount({ observedAt: '2026-11-28T22:59:59Z' }))).toBe(false) // 23:59 on the 28th
    expect(figures.add(flowCount({ observedAt: '2026-11-28T23:00:00Z' }))).toBe(true) // 00:00 on the 29th
    expect(figures.add(flowCount({ observedAt: '2026-11-30T22:59:59Z' }))).toBe(true)
    expect(figures.add(flowCount({ observedAt: '2026-11-30T23:00:00Z' }))).toBe(false)
    expect(figures.dayRows().map((r) => [r.day, r.tallies])).toEqual([
      ['2026-11-29', 1],
      ['2026-11-30', 1],
    ])
  })

  it('answers rows its own schemas accept, and copies that do not change the figures', () => {
    const figures = flowFigures([flowCount(), flowCount({ direction: 'incoming' })])
    expect(flowDayStatsSchema.safeParse({ rows: figures.dayRows() }).success).toBe(true)
    expect(flowNationalityStatsSchema.safeParse({ rows: figures.nationalityRows() }).success).toBe(true)
    expect(flowTransportStatsSchema.safeParse({ rows: figures.transportRows() }).success).toBe(true)
    const rows = figures.dayRows()
    rows[0]!.total = 0
    expect(figures.dayRows()[0]!.total).toBe(18)
  })
})

/** A valid tally: its total and nationality rows add up, as the schema requires. */
const tallyArb: fc.Arbitrary<FlowTally> = fc
  .record({
    siteCode: fc.constantFrom('SEG-FMP', 'ARL-FMP', 'AGZ-FMP'),
    // two weeks around midnights, so that the day boundary is crossed often
    at: fc.integer({ min: Date.parse('2026-11-20T00:00:00Z'), max: Date.parse('2026-12-04T00:00:00Z') }),
    direction: fc.constantFrom(...DIRECTIONS),
    transport: fc.constantFrom(...TRANSPORT_MODES),
    men: fc.nat(40),
    women: fc.nat(40),
    boys: fc.nat(20),
    girls: fc.nat(20),
    unknownShare: fc.nat(100),
    countries: fc.uniqueArray(fc.constantFrom('NGA', 'MLI', 'NER', 'TCD', 'SDN'), { maxLength: 4 }),
  })
  .filter((t) => t.men + t.women + t.boys + t.girls > 0)
  .map((t) => {
    const total = t.men + t.women + t.boys + t.girls
    // split the total over the countries, the rest unknown (OOO)
    let left = total
    const nationalities: { country: string; count: number }[] = t.countries.map((country, i) => {
      const count = Math.floor((left * ((t.unknownShare + i) % 100)) / 100)
      left -= count
      return { country, count }
    })
    nationalities.push({ country: 'OOO', count: left })
    return {
      siteCode: t.siteCode,
      observedAt: new Date(t.at).toISOString(),
      direction: t.direction,
      transport: t.transport,
      men: t.men,
      women: t.women,
      boys: t.boys,
      girls: t.girls,
      total,
      unaccompaniedChildren: Math.min(t.boys, 3),
      childrenUnder5: 0,
      elderly: Math.min(t.men, 1),
      pregnantWomen: Math.min(t.women, 1),
      withDisability: 0,
      nationalities: nationalities.filter((n) => n.count > 0),
    }
  })

describe('flow figures, properties', () => {
  it('sum of row totals equals the sum of tallies; nationality and transport counts add up to each row', () => {
    fc.assert(
      fc.property(fc.array(tallyArb, { maxLength: 60 }), (tallies) => {
        const figures = flowFigures(tallies)
        const days = figures.dayRows()
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
        expect(sum(days.map((r) => r.total))).toBe(sum(tallies.map((t) => t.total)))
        expect(sum(days.map((r) => r.tallies))).toBe(tallies.length)
        const key = (r: { day: string; siteCode: string; direction: string }) => `${r.day}|${r.siteCode}|${r.direction}`
        const byCountry = new Map<string, number>()
        for (const r of figures.nationalityRows()) byCountry.set(key(r), (byCountry.get(key(r)) ?? 0) + r.count)
        const byTransport = new Map<string, number>()
        for (const r of figures.transportRows()) byTransport.set(key(r), (byTransport.get(key(r)) ?? 0) + r.total)
        for (const row of days) {
          expect(byCountry.get(key(row))).toBe(row.total)
          expect(byTransport.get(key(row))).toBe(row.total)
          expect(row.men + row.women + row.boys + row.girls).toBe(row.total)
        }
        expect(byCountry.size).toBe(days.length)
      }),
      { numRuns: 200 },
    )
  })

  it('a range keeps exactly the rows of its days, whatever the order of the tallies', () => {
    fc.assert(
      fc.property(fc.array(tallyArb, { maxLength: 40 }), (tallies) => {
        const range = { from: '2026-11-25', to: '2026-11-28' }
        const inRange = flowDayRows(tallies, range)
        const all = flowDayRows(tallies).filter((r) => r.day >= range.from && r.day <= range.to)
        expect(inRange).toEqual(all)
        expect(flowDayRows([...tallies].reverse())).toEqual(flowDayRows(tallies))
      }),
      { numRuns: 200 },
    )
  })
})
