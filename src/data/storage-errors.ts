/**
 * Storage failures the user can act on. A full quota reaches us as a DOMException named
 * `QuotaExceededError` (legacy code 22; Firefox: `NS_ERROR_DOM_QUOTA_REACHED`), or from
 * Dexie as its own `QuotaExceededError`, or wrapped (`inner`, `cause`) in an abort.
 */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED'])
const QUOTA_CODE = 22

export function isQuotaError(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { name, code } = current as { name?: unknown; code?: unknown }
    if (typeof name === 'string' && QUOTA_NAMES.has(name)) return true
    if (current instanceof DOMException && code === QUOTA_CODE) return true
    const next = current as { inner?: unknown; cause?: unknown }
    current = next.inner ?? next.cause
  }
  return false
}
