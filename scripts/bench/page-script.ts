/**
 * The page-side module of a Chromium bench (2g-page.ts, flow-page.ts), bundled from the app's own
 * sources as an IIFE that sets `window.RelaisBench`, for injection through DevTools: the
 * app's bundle carries no test hook and its CSP stays on.
 */
import { fileURLToPath } from 'node:url'
import { build, type Rolldown } from 'vite'
import type * as PageApi from './2g-page'

/** The page once the bundle ran in it. */
export interface BenchWindow {
  RelaisBench: typeof PageApi
}

/** `entry`: the page-side module, beside this file (2g-page.ts unless told). */
export async function bundlePageScript(entry = './2g-page.ts'): Promise<string> {
  const src = fileURLToPath(new URL('../../src', import.meta.url))
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    resolve: { alias: { '@': src } },
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      lib: { entry: fileURLToPath(new URL(entry, import.meta.url)), formats: ['iife'], name: 'RelaisBench' },
    },
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[]
  const chunk = outputs.flatMap((o) => o.output).find((file) => file.type === 'chunk')
  if (!chunk || chunk.type !== 'chunk') throw new Error('the page script did not bundle')
  return chunk.code
}

/**
 * A script for `addInitScript` (each page of the context runs it before its own scripts,
 * so before the app opens its database: Dexie binds the connection's methods as it opens
 * it) that tells the window of each commit over `store` (commit-watch.ts).
 */
export async function commitWatchScript(store: string, eventName: string): Promise<string> {
  const bundle = await bundlePageScript('./commit-watch.ts')
  return `${bundle};\nRelaisBench.watchCommits(${JSON.stringify(store)}, ${JSON.stringify(eventName)});`
}
