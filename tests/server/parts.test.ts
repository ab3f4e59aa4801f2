import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '@/server/auth/password'
import { acceptsGzip } from '@/server/http/compress'
import { parseCsv, parseCsvObjects } from '@/server/seed/csv'

describe('CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = '\uFEFFcode,name\r\nA-1,"Centre, ""north"""\nB-2,"two\nlines"\n'
    expect(parseCsv(text)).toEqual([
      ['code', 'name'],
      ['A-1', 'Centre, "north"'],
      ['B-2', 'two\nlines'],
    ])
    expect(parseCsvObjects('a,b\n1,\n')).toEqual([{ a: '1', b: '' }])
  })

  it('refuses a quoted field that is never closed', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/not closed/)
  })
})

describe('password hashes', () => {
  it('verifies the right password only, and stores the scrypt parameters', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await verifyPassword('correct horse battery', hash)).toBe(true)
    expect(await verifyPassword('correct horse battery!', hash)).toBe(false)
    expect(await hashPassword('correct horse battery')).not.toBe(hash)
  })
})

describe('Accept-Encoding', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1, gzip;q=0.5', true],
    ['*', true],
    ['gzip;q=0', false],
    ['identity', false],
    [undefined, false],
  ])('%s accepts gzip: %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected)
  })
})
