/**
 * A button whose work is running: it says so (`aria-disabled`, greyed by styles.css) and a
 * press meanwhile does nothing, a submit included, but it keeps the keyboard's focus. A
 * `disabled` button drops focus to the page's start, so a keyboard or screen-reader user
 * would be left there when the work ends.
 */
import type { ComponentProps, MouseEvent } from 'react'

interface BusyButtonProps extends ComponentProps<'button'> {
  /** The button's work is running: presses do nothing until it ends. */
  busy: boolean
}

export function BusyButton({ busy, onClick, type = 'button', ...props }: BusyButtonProps) {
  const press = (event: MouseEvent<HTMLButtonElement>) => {
    // a submit's press (or Enter in a field) submits nothing either
    if (busy) event.preventDefault()
    else onClick?.(event)
  }
  return <button {...props} type={type} aria-disabled={busy || undefined} onClick={press} />
}
