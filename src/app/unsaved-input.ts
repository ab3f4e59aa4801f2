/**
 * Whether a form on screen holds typing that is not saved yet, so that an app update
 * never reloads under it. Watches the document rather than each form: a form is
 * "typed in" from its first input or change event until it is submitted or reset, or
 * leaves the page. Forms with drafts count too: the user finishes or leaves them, then
 * chooses to update.
 */
export interface UnsavedInputWatch {
  hasUnsavedInput(): boolean
  stop(): void
}

function formOf(target: EventTarget | null): HTMLFormElement | null {
  if (!(target instanceof Element)) return null
  const owner = (target as Partial<HTMLInputElement>).form
  return owner instanceof HTMLFormElement ? owner : target.closest('form')
}

export function watchUnsavedInput(root: Document = document): UnsavedInputWatch {
  const typed = new Set<HTMLFormElement>()
  const onInput = (event: Event) => {
    const form = formOf(event.target)
    if (form) typed.add(form)
  }
  const onDone = (event: Event) => {
    if (event.target instanceof HTMLFormElement) typed.delete(event.target)
  }
  // capture: a form that stops propagation of its own events is still seen
  for (const type of ['input', 'change']) root.addEventListener(type, onInput, true)
  for (const type of ['submit', 'reset']) root.addEventListener(type, onDone, true)
  return {
    hasUnsavedInput() {
      for (const form of typed) if (!form.isConnected) typed.delete(form)
      return typed.size > 0
    },
    stop() {
      for (const type of ['input', 'change']) root.removeEventListener(type, onInput, true)
      for (const type of ['submit', 'reset']) root.removeEventListener(type, onDone, true)
    },
  }
}
