/**
 * The unlock form before the app has loaded. At a cold start on a slow phone, React, the
 * language file and the session's read take a second or more after the page is parsed;
 * the person in front of the phone knows their passphrase before that. So the entry's
 * first module (app/boot.ts) draws a plain copy of the unlock form at once, from what the
 * app left here while a session was open (app/use-boot-unlock-words.ts): the unlock
 * screen's words in the phone's language, and so that this phone holds a session. The
 * unlock screen takes it over when it mounts (what was typed, the caret, an Unlock
 * already tapped); any other first screen removes it.
 *
 * Kept in localStorage, like the language and the theme: the interface's words and the
 * locked user's name, which the session's own store already keeps in clear for the lock
 * screen. Nothing here is a secret: the passphrase is never stored, only carried over in
 * memory from one form to the other.
 */

export const BOOT_UNLOCK_KEY = 'relais.bootUnlock'
const FORM_ID = 'boot-unlock'
const INPUT_ID = 'unlock-passphrase'
const MAX_TEXT = 200

/** The unlock screen's words, as the last one showed them. */
export interface BootUnlockText {
  lang: string
  dir: 'ltr' | 'rtl'
  appName: string
  title: string
  lockedFor: string
  password: string
  unlock: string
  unlocking: string
}

const TEXT_FIELDS = ['lang', 'appName', 'title', 'lockedFor', 'password', 'unlock', 'unlocking'] as const

/** What the plain form held when the unlock screen took it over. */
export interface BootUnlockInput {
  passphrase: string
  focused: boolean
  selection: [start: number, end: number] | null
  /** Unlock was tapped (or Enter pressed) with a passphrase: the screen unlocks with it at once. */
  submitted: boolean
}

/** While a session is open: the next cold start of this phone draws the plain form with these words. */
export function rememberBootUnlock(text: BootUnlockText): void {
  try {
    globalThis.localStorage?.setItem(BOOT_UNLOCK_KEY, JSON.stringify(text))
  } catch {
    // storage blocked or full: the next cold start waits for the app, as before
  }
}

/** No session on this phone any more (signed out, erased): the next cold start shows no unlock form. */
export function forgetBootUnlock(): void {
  try {
    globalThis.localStorage?.removeItem(BOOT_UNLOCK_KEY)
  } catch {
    // storage blocked: nothing was kept either
  }
}

/** The words kept while the last session was open, if they are whole. */
export function storedBootUnlock(): BootUnlockText | undefined {
  let value: unknown
  try {
    value = JSON.parse(globalThis.localStorage?.getItem(BOOT_UNLOCK_KEY) ?? 'null')
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const text = value as Record<string, unknown>
  for (const field of TEXT_FIELDS) {
    const v = text[field]
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_TEXT) return undefined
  }
  if (text.dir !== 'ltr' && text.dir !== 'rtl') return undefined
  return text as unknown as BootUnlockText
}

let submitted = false

/**
 * Draws the plain unlock form in place of the page's placeholder, when words were kept
 * here, in `language` if given (the language the app will start in: words kept in
 * another would be replaced at once, and the page's direction with them). Returns
 * whether it did.
 */
export function showBootUnlock({ language, doc = document }: { language?: string; doc?: Document } = {}): boolean {
  const text = storedBootUnlock()
  const root = doc.getElementById('root')
  if (!text || !root || doc.getElementById(FORM_ID)) return false
  if (language !== undefined && text.lang !== language) return false
  doc.documentElement.lang = text.lang
  doc.documentElement.dir = text.dir
  submitted = false

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, words?: string) => {
    const node = doc.createElement(tag)
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value)
    if (words !== undefined) node.textContent = words
    return node
  }
  const frame = el('div', { id: FORM_ID, class: 'app' })
  const header = el('header', { class: 'app-header' })
  header.append(el('p', { class: 'app-name' }, text.appName))
  const main = el('main', { class: 'app-main' })
  const form = el('form', { class: 'sign-in', novalidate: '', 'aria-labelledby': `${FORM_ID}-title` })
  const field = el('div', { class: 'field' })
  const input = el('input', {
    id: INPUT_ID,
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: '',
  })
  field.append(el('label', { for: INPUT_ID }, text.password), input)
  const button = el('button', { type: 'submit', class: 'primary' }, text.unlock)
  form.append(el('h1', { id: `${FORM_ID}-title` }, text.title), el('p', {}, text.lockedFor), field, button)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (!input.value) return
    // the app unlocks with it as soon as it has loaded; until then the form says it is on its way
    submitted = true
    button.textContent = text.unlocking
    button.disabled = true
    input.readOnly = true
  })
  main.append(form)
  frame.append(header, main)
  // the page's placeholder (the app's name) gives way; the app's first screen replaces both
  root.replaceChildren()
  root.before(frame)
  return true
}

/**
 * What the plain form holds, undefined when there is none. The unlock screen reads it as
 * it renders and removes the form (dropBootUnlock) as its own form enters the page, in
 * the same task: no keystroke falls between the two.
 */
export function peekBootUnlock(doc: Document = document): BootUnlockInput | undefined {
  const input = doc.getElementById(FORM_ID)?.querySelector('input')
  if (!input) return undefined
  return {
    passphrase: input.value,
    focused: doc.activeElement === input,
    selection:
      input.selectionStart !== null && input.selectionEnd !== null ? [input.selectionStart, input.selectionEnd] : null,
    submitted: submitted && input.value.length > 0,
  }
}

/** Removes the plain form: the unlock screen has taken it over, or the first screen is another one. */
export function dropBootUnlock(doc: Document = document): void {
  doc.getElementById(FORM_ID)?.remove()
  submitted = false
}
