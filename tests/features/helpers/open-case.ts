/**
 * Opens a case from a link, by a tap or by Enter, as a user does. The case page suspends
 * until its file is read: user-event wraps each event in a plain act(), which would hold
 * the page's retry once the read ends, so the whole gesture is awaited inside act().
 */
import { act } from '@testing-library/react'

export function openCase(gesture: () => Promise<void>): Promise<void> {
  return act(gesture)
}
