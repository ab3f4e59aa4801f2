/**
 * When the page is idle: for work no screen waits for (sealing snapshots and days again,
 * building the name index, preloading screens), so that it runs between taps and draws.
 */

/**
 * Resolves in the page's next idle moment, or after `timeoutMs` at the latest; where the
 * browser cannot say when it is idle, after `otherwiseMs`.
 */
export function whenIdle(timeoutMs: number, otherwiseMs = 0): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: timeoutMs })
    else setTimeout(resolve, otherwiseMs)
  })
}
