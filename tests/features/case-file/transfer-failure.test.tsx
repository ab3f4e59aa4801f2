/** The words a transfer that was not saved is said in, by what failed. */
import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { LockedError } from '@/data/protect'
import { transferFailureKey } from '@/features/case-file/transfer-failure'

describe('transferFailureKey', () => {
  it('tells a full phone, a lock and an invalid record from any other storage failure', () => {
    expect(transferFailureKey(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBe(
      'caseFile.transferFailed.full',
    )
    // Dexie wraps it in the transaction's abort
    expect(transferFailureKey({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(
      'caseFile.transferFailed.full',
    )
    expect(transferFailureKey(new LockedError())).toBe('caseFile.transferFailed.locked')
    expect(transferFailureKey(new ZodError([]))).toBe('form.invalid')
    expect(transferFailureKey(new DOMException('The transaction was aborted.', 'AbortError'))).toBe(
      'caseFile.transferFailed.storage',
    )
  })
})
