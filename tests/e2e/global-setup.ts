/** Before the real-browser suites: check for Chromium, and build the app if its build is missing or stale. */
import { execFileSync } from 'node:child_process'
import { hasChromium, requireChromiumOrExplain } from './support/chromium'
import { isBuildStale } from '../../src/server/build-freshness'

export default function setup(): void {
  requireChromiumOrExplain()
  if (!hasChromium) return
  const root = process.cwd()
  if (!isBuildStale(root)) return
  console.log('[e2e] building the app (dist/ is missing or older than its sources)…')
  // a process of its own: under Vitest NODE_ENV is "test", which would build React's
  // development bundle and leave the service worker unregistered
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  })
}
