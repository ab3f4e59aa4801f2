/**
 * Tells whether the app's production build (dist/) is missing or older than anything
 * it is built from, so that `npm start` and the real-browser tests build only when needed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Sources of the app build; the server's own code is not part of it. */
const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json']
const NOT_BUILD_INPUTS = new Set([join('src', 'server')])

export function isBuildStale(rootDir: string, distDir = join(rootDir, 'dist')): boolean {
  const builtIndex = join(distDir, 'index.html')
  if (!existsSync(builtIndex) || !existsSync(join(distDir, 'sw.js'))) return true
  const builtAt = statSync(builtIndex).mtimeMs
  return BUILD_INPUTS.some((input) => newestMtime(rootDir, input) > builtAt)
}

function newestMtime(rootDir: string, relativePath: string): number {
  if (NOT_BUILD_INPUTS.has(relativePath)) return 0
  const path = join(rootDir, relativePath)
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestMtime(rootDir, join(relativePath, entry))),
    0,
  )
}
