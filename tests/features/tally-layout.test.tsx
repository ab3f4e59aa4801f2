/**
 * The tally form on a small screen: the sticky bar at the bottom (total, Save, a save's
 * notice) never hides the field that has focus, and a long name in a select wraps rather
 * than being cut. jsdom lays nothing out: the bar's height is given, and what the page is
 * told (its scroll padding, the select's computed style from the app's stylesheets) is
 * checked; the real scrolling and wrapping are Chromium's.
 */
import { readFileSync } from 'node:fs'
import { screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from './helpers/render-app'

/** ResizeObserver as the browser calls it: each observed element's callback on demand. */
class FakeResizeObserver {
  static all: FakeResizeObserver[] = []
  constructor(private readonly callback: () => void) {
    FakeResizeObserver.all.push(this)
  }
  observe() {}
  disconnect() {}
  static resize() {
    for (const observer of FakeResizeObserver.all) observer.callback()
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  FakeResizeObserver.all = []
})

/** The bar is `height` px tall (every other element: nothing, as jsdom says). */
function barHeight(height: () => number) {
  const real = HTMLElement.prototype.getBoundingClientRect
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('tally-footer')
      ? DOMRect.fromRect({ width: 360, height: height() })
      : real.call(this)
  })
}

describe('the tally’s sticky bar', () => {
  it('pads the page’s scrolling by its height, so that a field with focus is never under it', async () => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver)
    let height = 114.6
    barHeight(() => height)
    const { unmount } = await renderApp({ path: '/tally', role: 'monitor', sites: ['ARL-FMP'] })
    await screen.findByRole('heading', { name: 'Tally', level: 1 })
    const root = document.documentElement
    expect(root.style.scrollPaddingBottom).toBe('115px')

    // a save's notice makes it taller: the padding follows
    height = 220
    FakeResizeObserver.resize()
    await waitFor(() => expect(root.style.scrollPaddingBottom).toBe('220px'))

    // other screens have no bar
    unmount()
    expect(root.style.scrollPaddingBottom).toBe('')
  })
})

describe('the tally’s selects', () => {
  it('wrap a long name (a point, a country) rather than cut it at 360 px', async () => {
    const sheets = ['src/app/styles.css', 'src/features/flow-counts/tally.css'].map((path) => {
      const style = document.createElement('style')
      style.textContent = readFileSync(path, 'utf8')
      return document.head.appendChild(style)
    })
    try {
      await renderApp({ path: '/tally', role: 'monitor', sites: ['ARL-FMP', 'MAD-FMP'] })
      await screen.findByRole('heading', { name: 'Tally', level: 1 })
      for (const label of ['Flow monitoring point', 'Transport', 'Departure country']) {
        const style = getComputedStyle(screen.getByLabelText(label))
        // a native select's box never wraps; drawn by the page (the arrow by the stylesheet), it does
        expect({ label, appearance: style.appearance, whiteSpace: style.whiteSpace, height: style.height }).toEqual({
          label,
          appearance: 'none',
          whiteSpace: 'normal',
          height: 'auto',
        })
        expect(style.backgroundImage).toContain('linear-gradient')
      }
    } finally {
      for (const sheet of sheets) sheet.remove()
    }
  })
})
