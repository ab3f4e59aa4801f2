import { describe, expect, it, vi } from 'vitest'
import { browserTriggers } from '@/sync/browser-triggers'

describe('browserTriggers', () => {
  it('calls back on online and on the page becoming visible, until unsubscribed', () => {
    const win = new EventTarget() as Window
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' }) as unknown as Document
    const triggers = browserTriggers(win, doc)
    const online = vi.fn()
    const visible = vi.fn()
    const offOnline = triggers.onOnline(online)
    const offVisible = triggers.onVisible(visible)

    win.dispatchEvent(new Event('online'))
    doc.dispatchEvent(new Event('visibilitychange')) // still hidden
    Object.assign(doc, { visibilityState: 'visible' })
    doc.dispatchEvent(new Event('visibilitychange'))
    expect(online).toHaveBeenCalledTimes(1)
    expect(visible).toHaveBeenCalledTimes(1)

    offOnline()
    offVisible()
    win.dispatchEvent(new Event('online'))
    doc.dispatchEvent(new Event('visibilitychange'))
    expect(online).toHaveBeenCalledTimes(1)
    expect(visible).toHaveBeenCalledTimes(1)
  })
})
