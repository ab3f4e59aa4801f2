/**
 * The page's scroll padding at the bottom, kept as tall as the tally's sticky bar (the
 * running total and Save, and a save's notice or what is to fix when shown): a field
 * reached with Tab, or focused from the summary, scrolls above the bar, never under it.
 * The bar's height changes with the language, the text size and what it says: measured.
 */
import { useEffect, type RefObject } from 'react'

export function useBarPadding(bar: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = bar.current
    if (!el) return
    const root = document.documentElement
    const pad = () => {
      root.style.scrollPaddingBottom = `${Math.ceil(el.getBoundingClientRect().height)}px`
    }
    pad()
    // a browser without ResizeObserver keeps the first height
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(pad) : undefined
    observer?.observe(el)
    return () => {
      observer?.disconnect()
      root.style.scrollPaddingBottom = ''
    }
  }, [bar])
}
