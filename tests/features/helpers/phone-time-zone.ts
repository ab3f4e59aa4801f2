/**
 * A phone set to a time zone far from Niger's (the site's day is Africa/Niamey's whatever
 * the phone says): sets TZ for the file's tests and puts it back after; each test's fake
 * timers are undone.
 */
import { afterAll, afterEach, beforeAll, vi } from 'vitest'

export function phoneInTimeZone(timeZone: string): void {
  let saved: string | undefined
  beforeAll(() => {
    saved = process.env.TZ
    process.env.TZ = timeZone
  })
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}
