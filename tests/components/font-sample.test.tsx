/**
 * A font laid out ahead: nothing while the screen draws, then, in an idle moment, a
 * sample that no one sees or hears (the case page's large number, laid out by Cases).
 */
import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FontSample } from '@/components/font-sample'

afterEach(() => vi.useRealTimers())

describe('FontSample', () => {
  it('lays its font out only once the page is idle, hidden from sight and from screen readers', async () => {
    vi.useFakeTimers()
    const { container } = render(<FontSample className="case-number large" />)
    // the first drawing (the list at unlock) does not load the font
    expect(container).toBeEmptyDOMElement()

    await act(() => vi.runAllTimersAsync())
    const sample = container.querySelector('.font-sample')
    expect(sample).toHaveClass('case-number', 'large')
    expect(sample).toHaveAttribute('aria-hidden', 'true')
  })
})
