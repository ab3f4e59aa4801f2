/** A real Chromium profile of its own for each journey: service worker, IndexedDB and all. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium'

export interface Profile {
  context: BrowserContext
  page: Page
  /** The profile directory: every file the browser wrote. */
  dir: string
  /** Closes the browser and keeps the directory (to read its files). */
  closeBrowser(): Promise<void>
  close(): Promise<void>
}

export async function openProfile(options: { locale?: string } = {}): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), 'relais-chromium-'))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    locale: options.locale ?? 'fr-FR',
    viewport: { width: 390, height: 844 },
    serviceWorkers: 'allow',
  })
  // a step that cannot happen fails in seconds, naming the step, rather than at the test's timeout
  context.setDefaultTimeout(15_000)
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    dir,
    async closeBrowser() {
      await context.close()
    },
    async close() {
      await context.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Resolves once a service worker controls the page (the app shell is then cached). */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (navigator.serviceWorker.controller) return
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
    )
  })
}
