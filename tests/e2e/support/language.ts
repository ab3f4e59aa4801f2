/**
 * Picks a language by the name it gives itself, as a person does: in the header, or, on a
 * phone once signed in, in the user's menu (the header has no room for it there).
 */
import type { Page } from 'playwright-core'

export async function chooseLanguage(page: Page, name: string, code: string): Promise<void> {
  const inHeader = page.locator('.app-header > .language-switch')
  const menuToggle = page.locator('.user-menu-toggle')
  const fromMenu = !(await inHeader.isVisible())
  if (fromMenu) await menuToggle.click()
  await page.locator('.language-switch:visible').getByRole('button', { name, exact: true }).click()
  await page.waitForFunction((lang) => document.documentElement.lang === lang, code)
  // the menu closes by itself after the choice (app/user-menu.tsx)
  if (fromMenu) await page.locator('.user-menu-panel').waitFor({ state: 'detached' })
}
