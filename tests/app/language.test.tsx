import { screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CODE_LISTS } from '@/i18n/code-labels'
import { browserLanguage, initialLanguage, LANGUAGE_STORAGE_KEY } from '@/i18n/languages'
import en from '@/i18n/locales/en.json'
import fr from '@/i18n/locales/fr.json'
import { renderApp } from '../features/helpers/render-app'

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

describe('languages', () => {
  it('starts in French and switches the labels to English, remembering the choice', async () => {
    const { user } = await renderApp({ path: '/register', lang: 'fr' })
    expect(await screen.findByLabelText("Canal d'arrivée")).toBeInTheDocument()
    expect(document.documentElement.lang).toBe('fr')
    expect(await screen.findByRole('button', { name: /Hors ligne|En ligne/ })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'English' }))
    expect(await screen.findByLabelText('Entry channel')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true')
    expect(screen.getByRole('option', { name: 'Search and rescue' })).toBeInTheDocument()
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en')

    await user.click(screen.getByRole('button', { name: 'Français' }))
    expect(await screen.findByRole('button', { name: 'Suivant' })).toBeInTheDocument()
    expect(screen.getByRole('option', { name: 'Recherche et sauvetage' })).toBeInTheDocument()
  })

  describe('at the first start', () => {
    afterEach(() => {
      vi.restoreAllMocks()
      localStorage.removeItem(LANGUAGE_STORAGE_KEY)
    })

    it('follows the browser when its language is one of ours, else speaks French', () => {
      expect(browserLanguage(['en-GB', 'fr-FR'])).toBe('en')
      expect(browserLanguage(['de-DE', 'FR-ne'])).toBe('fr')
      expect(browserLanguage(['ha-NE', 'de'])).toBeUndefined()
      localStorage.removeItem(LANGUAGE_STORAGE_KEY)
      vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US', 'en'])
      expect(initialLanguage()).toBe('en')
      vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['ha-NE'])
      expect(initialLanguage()).toBe('fr')
    })

    it('keeps the language chosen on this phone over the browser’s', () => {
      vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US'])
      localStorage.setItem(LANGUAGE_STORAGE_KEY, 'fr')
      expect(initialLanguage()).toBe('fr')
    })
  })

  it('has the same keys in French and English', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort())
  })

  it('labels every code of every coded list in both languages', () => {
    for (const [locale, tree] of [
      ['fr', fr],
      ['en', en],
    ] as const) {
      const codes = tree.codes as Record<string, Record<string, string>>
      for (const [list, values] of Object.entries(CODE_LISTS)) {
        for (const code of values) expect(codes[list]?.[code], `${locale} codes.${list}.${code}`).toBeTruthy()
      }
    }
  })
})
