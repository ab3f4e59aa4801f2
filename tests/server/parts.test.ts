import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '@/server/auth/password'
import { SignInLimiter } from '@/server/auth/rate-limit'
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

describe('sign-in limiter', () => {
  const window = 15 * 60 * 1000

  it('holds a username after 10 failures until the window has passed', () => {
    let now = 0
    const limiter = new SignInLimiter(undefined, () => now)
    for (let i = 0; i < 10; i++) limiter.recordFailure('Amina', `10.0.0.${i}`)
    expect(limiter.retryAfter('amina', '10.0.0.99')).toBe(window / 1000)
    now = window + 1
    expect(limiter.retryAfter('amina', '10.0.0.99')).toBe(0)
  })

  it('holds an address after 50 failures, whatever the usernames', () => {
    const limiter = new SignInLimiter(undefined, () => 0)
    for (let i = 0; i < 50; i++) limiter.recordFailure(`user-${i}`, '10.0.0.1')
    expect(limiter.retryAfter('someone-new', '10.0.0.1')).toBeGreaterThan(0)
    expect(limiter.retryAfter('someone-new', '10.0.0.2')).toBe(0)
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
