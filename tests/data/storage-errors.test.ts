import Dexie from 'dexie'
import { describe, expect, it } from 'vitest'
import { isQuotaError } from '@/data/storage-errors'

describe('isQuotaError', () => {
  it('recognises the browser quota error', () => {
    expect(isQuotaError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBe(true)
  })

  it("recognises Dexie's quota error and a quota error wrapped in an abort", () => {
    const quota = new DOMException('full', 'QuotaExceededError')
    expect(isQuotaError(new Dexie.QuotaExceededError('full', quota))).toBe(true)
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quota))).toBe(true)
    expect(isQuotaError(new Error('write failed', { cause: quota }))).toBe(true)
  })

  it("recognises Firefox's name for it", () => {
    expect(isQuotaError(new DOMException('full', 'NS_ERROR_DOM_QUOTA_REACHED'))).toBe(true)
  })

  it('leaves every other failure alone', () => {
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted'))).toBe(false)
    expect(isQuotaError(new DOMException('blocked', 'InvalidStateError'))).toBe(false)
    expect(isQuotaError(new TypeError('x is undefined'))).toBe(false)
    expect(isQuotaError('QuotaExceededError')).toBe(false)
    expect(isQuotaError(null)).toBe(false)
    expect(isQuotaError(undefined)).toBe(false)
  })
})
