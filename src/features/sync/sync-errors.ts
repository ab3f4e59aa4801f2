import type { TFunction } from 'i18next'

const KNOWN = new Set([
  'offline',
  'network',
  'timeout',
  'bad_response',
  'unauthenticated',
  'token_expired',
  'device_revoked',
  'account_disabled',
  'rate_limited',
  'invalid_batch',
  'too_large',
  'app_update_required',
])

/** The last sync problem in plain words; unknown codes fall back to the server's message. */
export function syncErrorMessage(t: TFunction, error: { code: string; message: string }): string {
  if (KNOWN.has(error.code)) return t(`sync.errors.${error.code}`)
  if (/^http_5\d\d$/.test(error.code) || error.code === 'internal_error' || error.code === 'server_error') {
    return t('sync.errors.server')
  }
  if (error.code === 'http_429') return t('sync.errors.rate_limited')
  if (error.code === 'http_413' || error.code === 'payload_too_large') return t('sync.errors.too_large')
  return t('sync.errors.unknown', { message: error.message || error.code })
}
