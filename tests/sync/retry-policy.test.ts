import { describe, expect, it } from 'vitest'
import { classify, nextDelay, retryDelay } from '@/sync/retry-policy'
import type { TransportFailure } from '@/sync/transport'

const expected = [1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000]

describe('nextDelay', () => {
  it.each(expected.map((ms, attempt) => ({ attempt, ms })))(
    'waits $ms ms before retry $attempt, minus jitter',
    ({ attempt, ms }) => {
      expect(nextDelay(attempt, () => 0)).toBe(ms)
      expect(nextDelay(attempt, () => 0.999999)).toBeGreaterThanOrEqual(ms * 0.75)
      expect(nextDelay(attempt, () => 0.5)).toBe(ms * 0.875)
    },
  )

  it('never goes above five minutes, however many attempts', () => {
    for (const attempt of [10, 50, 1000, Number.MAX_SAFE_INTEGER])
      expect(nextDelay(attempt, Math.random)).toBeLessThanOrEqual(300000)
  })
})

const http = (status: number, error = 'x', extra: Partial<TransportFailure> = {}): TransportFailure => ({
  kind: 'http',
  status,
  error,
  message: error,
  ...extra,
})

describe('classify', () => {
  it.each<{ reason: string; failure: TransportFailure; action: string }>([
    { reason: 'offline', failure: { kind: 'network', message: 'Failed to fetch' }, action: 'retry' },
    { reason: 'a captive portal page', failure: { kind: 'bad_response', status: 200, message: '' }, action: 'retry' },
    { reason: '408', failure: http(408), action: 'retry' },
    { reason: '429', failure: http(429, 'rate_limited'), action: 'retry' },
    { reason: '500', failure: http(500, 'internal'), action: 'retry' },
    { reason: '503', failure: http(503, 'unavailable'), action: 'retry' },
    { reason: '401', failure: http(401, 'token_expired'), action: 'sign_in' },
    { reason: '401 account disabled', failure: http(401, 'account_disabled'), action: 'disabled' },
    { reason: '401 revoked, block', failure: http(401, 'device_revoked', { mode: 'block' }), action: 'wipe_now' },
    {
      reason: '403 revoked, wipe after upload',
      failure: http(403, 'device_revoked', { mode: 'wipe_after_upload' }),
      action: 'wipe_after_upload',
    },
    { reason: '413', failure: http(413, 'batch_too_large'), action: 'split' },
    { reason: '400 invalid_batch', failure: http(400, 'invalid_batch'), action: 'halt' },
    { reason: '404', failure: http(404, 'not_found'), action: 'halt' },
    {
      reason: '426 app_update_required',
      failure: http(426, 'app_update_required', { minAppVersion: '0.2.0' }),
      action: 'update',
    },
    { reason: '426 with another code', failure: http(426, 'upgrade_required'), action: 'halt' },
  ])('$reason → $action', ({ failure, action }) => {
    expect(classify(failure)).toBe(action)
  })
})

describe('retryDelay', () => {
  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelay(0, http(429, 'rate_limited', { retryAfterSeconds: 120 }), () => 0)).toBe(120_000)
    expect(retryDelay(3, { kind: 'network', message: '' }, () => 0)).toBe(8000)
  })
})
