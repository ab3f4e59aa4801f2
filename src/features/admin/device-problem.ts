/**
 * A device's last sync problem in the user's words. The server keeps it as it happened
 * (routes/sync.ts): `<n> rejected` when a push had records refused, else the error code
 * the push was answered with (docs/api.md). A code this version does not know is named
 * as such, never shown as the server's English.
 */
import type { TFunction } from 'i18next'

/** Push error codes with a sentence of their own (admin.devices.problem.*). */
const KNOWN: Record<string, string> = {
  invalid_batch: 'unreadable',
  invalid_json: 'unreadable',
  unsupported_encoding: 'unreadable',
  unsealable: 'unreadable',
  batch_too_large: 'tooLarge',
  device_revoked: 'revoked',
  token_expired: 'signIn',
  unauthenticated: 'signIn',
  forbidden: 'forbidden',
  internal: 'server',
}

export function deviceProblem(t: TFunction, lastError: string): string {
  const refused = /^(\d+) rejected$/.exec(lastError)
  if (refused) return t('admin.devices.problem.rejected', { count: Number(refused[1]) })
  const known = KNOWN[lastError]
  return known ? t(`admin.devices.problem.${known}`) : t('admin.devices.problem.other', { code: lastError })
}
