/** The FMP status schema: its period rules, their stable codes, and when a period touches a day. */
import { describe, expect, it } from 'vitest'
import { parseRecordData } from '@/shared/schemas/parse-record'
import { fmpStatusSchema, statusOverlaps } from '@/shared/schemas/fmp-status'
import { fmpStatus } from '../helpers/records'

const codes = (data: unknown) => {
  const parsed = parseRecordData('fmpStatus', data)
  return parsed.success ? [] : parsed.errors.map((e) => [e.path.join('.'), e.code])
}

describe('fmpStatus schema', () => {
  it('accepts a closed period and a no-flow one with a reason, cleaned', () => {
    expect(fmpStatusSchema.parse(fmpStatus()).kind).toBe('closed')
    const parsed = fmpStatusSchema.parse(fmpStatus({ kind: 'no_flow', reason: '  Tempête de sable \u200b' }))
    expect(parsed.reason).toBe('Tempête de sable')
  })

  it('refuses a period that ends before it starts, or lasts more than 31 days, on `to`', () => {
    expect(codes(fmpStatus({ from: '2026-11-29T18:00:00+01:00', to: '2026-11-29T06:00:00+01:00' }))).toEqual([
      ['to', 'period_order'],
    ])
    expect(codes(fmpStatus({ from: '2026-11-29T06:00:00+01:00', to: '2026-11-29T06:00:00+01:00' }))).toEqual([
      ['to', 'period_order'],
    ])
    expect(codes(fmpStatus({ from: '2026-10-01T00:00:00+01:00', to: '2026-11-02T00:00:00+01:00' }))).toEqual([
      ['to', 'period_too_long'],
    ])
    expect(codes(fmpStatus({ from: '2026-10-01T00:00:00+01:00', to: '2026-11-01T00:00:00+01:00' }))).toEqual([])
  })

  it('refuses an unknown kind, an empty reason and fields it does not know', () => {
    expect(codes({ ...fmpStatus(), kind: 'holiday' })).toEqual([['kind', 'invalid_value']])
    expect(codes(fmpStatus({ reason: '   ' }))).toEqual([['reason', 'too_small']])
    expect(codes({ ...fmpStatus(), name: 'Moussa' })).toEqual([['name', 'unrecognized_keys']])
  })

  it('says whether a period touches a half-open span of time', () => {
    const status = fmpStatus({ from: '2026-11-29T06:00:00+01:00', to: '2026-11-30T00:00:00+01:00' })
    const day = (d: string) => [Date.parse(`${d}T00:00:00+01:00`), Date.parse(`${d}T00:00:00+01:00`) + 86_400_000]
    expect(statusOverlaps(status, ...(day('2026-11-29') as [number, number]))).toBe(true)
    // ends exactly when the 30th starts: not on the 30th
    expect(statusOverlaps(status, ...(day('2026-11-30') as [number, number]))).toBe(false)
    expect(statusOverlaps(status, ...(day('2026-11-28') as [number, number]))).toBe(false)
  })
})
