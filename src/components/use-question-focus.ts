/**
 * A question a button opens (Disable this account? Close this change?): it takes the
 * keyboard's focus as it opens, and once closed by Cancel (or a failure that leaves the
 * button there), focus goes back to that button rather than to the page's start.
 */
import { useCallback, useEffect, useRef, type RefObject } from 'react'

export interface QuestionFocus<Q extends HTMLElement> {
  /** On the question's first element (with tabIndex -1). */
  question: RefObject<Q | null>
  /** On the button that opens it. */
  opener: RefObject<HTMLButtonElement | null>
  /** Closes the question (`close`) and gives focus back to the opener. */
  closeToOpener(): void
}

export function useQuestionFocus<Q extends HTMLElement>(open: boolean, close: () => void): QuestionFocus<Q> {
  const question = useRef<Q>(null)
  const opener = useRef<HTMLButtonElement>(null)
  const backToOpener = useRef(false)
  useEffect(() => {
    if (open) question.current?.focus()
    else if (backToOpener.current) {
      backToOpener.current = false
      opener.current?.focus()
    }
  }, [open])
  const closeToOpener = useCallback(() => {
    backToOpener.current = true
    close()
  }, [close])
  return { question, opener, closeToOpener }
}
