/**
 * The outcome of an admin action: an always-present live region (so that screen readers
 * announce the change) that takes focus when a new message arrives.
 */
import { useEffect, useRef } from 'react'

export interface Notice {
  kind: 'ok' | 'problem'
  /** A new object for every action: the same words twice still take focus. */
  text: string
}

export function ResultNotice({ notice }: { notice: Notice | null }) {
  const ref = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (notice) ref.current?.focus()
  }, [notice])
  return (
    <div role="status" aria-live="polite" className="saved-region">
      {notice && (
        <p ref={ref} tabIndex={-1} className={notice.kind === 'ok' ? 'saved-notice' : 'form-problem'}>
          <span aria-hidden="true">{notice.kind === 'ok' ? '✓ ' : '⚠ '}</span>
          {notice.text}
        </p>
      )}
    </div>
  )
}
