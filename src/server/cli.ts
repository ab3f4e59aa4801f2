/**
 * `npm start`: builds the app when dist/ is missing or older than its sources, then
 * starts the server as main.ts does. The staleness check lives in build-freshness.ts
 * so that the real-browser tests share it.
 */
import { resolve } from 'node:path'
import { isBuildStale } from './build-freshness'
import { isMainModule, runFromEnvironment } from './main'

export { isBuildStale }

/** Builds the app into `<rootDir>/dist` when the server serves that build and it is stale. */
export async function buildAppIfStale(rootDir: string, staticDir: string): Promise<void> {
  const distDir = resolve(rootDir, 'dist')
  // a custom RELAIS_STATIC_DIR is someone else's build: leave it alone
  if (resolve(staticDir) !== distDir || !isBuildStale(rootDir)) return
  process.stdout.write('Building the app (dist/ is missing or older than its sources)…\n')
  const { build } = await import('vite') // loaded only when a build is due
  // under another NODE_ENV Vite bundles React's development build and the service worker does not register
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ root: rootDir, mode: 'production', logLevel: 'warn' })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
}

if (isMainModule(import.meta.url)) {
  void runFromEnvironment((config) => buildAppIfStale(process.cwd(), config.staticDir))
}
