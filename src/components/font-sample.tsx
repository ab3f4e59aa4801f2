/**
 * A font laid out ahead, in an idle moment: the browser loads a font the first time text
 * at its family, size and weight is laid out, and a font first met while a screen draws
 * costs that drawing its loading (a case's large number: 10–20 ms of the first opening
 * with the CPU throttled 4×). A screen shows the fonts of the one likely to open next,
 * neither seen nor read out (`.font-sample`).
 */
import { useEffect, useState } from 'react'
import { whenIdle } from '@/data/when-idle'

export function FontSample({ className }: { className: string }) {
  const [shown, setShown] = useState(false)
  useEffect(() => {
    let cancelled = false
    void whenIdle(2000).then(() => {
      if (!cancelled) setShown(true)
    })
    return () => {
      cancelled = true
    }
  }, [])
  if (!shown) return null
  return (
    <span className={`font-sample ${className}`} aria-hidden="true">
      0
    </span>
  )
}
