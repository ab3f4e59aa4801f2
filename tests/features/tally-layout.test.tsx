/**
 * The tally form on a small screen: the sticky bar at the bottom (total, Save, a save's
 * notice) never hides the field that has focus. jsdom lays nothing out: the bar's height
 * is given, and what the page is told is checked (the real scrolling is Chromium's).
 */
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
