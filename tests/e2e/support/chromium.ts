/**
 * Finds Debian's Chromium for the real-browser suites. Without it they skip, saying so;
 * with RELAIS_REQUIRE_BROWSER=1 (set by .ci/run) its absence is an error instead.
 */
import { existsSync } from 'node:fs'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags that keep Chromium quiet on a machine with no internet. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const hasChromium = existsSync(CHROMIUM_PATH)

export function requireChromiumOrExplain(): void {
  if (hasChromium) return
  const why = `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`
  if (process.env.RELAIS_REQUIRE_BROWSER === '1') throw new Error(`${why}: the real-browser suites cannot run`)
  console.warn(`\n[e2e] SKIPPED: ${why}.\n`)
}
