/**
 * Each translation looked up once. i18next works every call out anew: it copies its
 * options, resolves the key through the language and its fallbacks, then plurals and
 * interpolation (10–30 µs in Node, four times that on a throttled phone), and a screen
 * makes hundreds of calls as it draws (Today's list, a case's timeline, a form's labels).
 * An answer depends only on the key, the options given, the language and the translations
 * loaded: so `t` of this instance remembers the answers to calls whose options are all
 * plain values (a count, a name, a default), shared by every component, and forgets them
 * all when the language changes or translations are added or removed.
 */
import type { i18n as I18n } from 'i18next'

/** Answers kept at most; a long session's counts (each its own answer) start afresh past it. */
export const MAX_REMEMBERED = 2000

type Plain = string | number | boolean | null | undefined

/** A value whose text says all of it (two different objects, or symbols, may print alike). */
const isPlain = (value: unknown): value is Plain =>
  value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)

/**
 * How a call is known among the remembered ones, or undefined when its answer is not
 * remembered: a key that is not one string, options holding anything but plain values
 * (an object, a list, a date to format), more arguments than a key and its options.
 */
function callId(scope: string, key: unknown, options: unknown, more: number): string | undefined {
  if (typeof key !== 'string' || more > 0) return undefined
  if (options === undefined) return `${scope}\u0000${key}`
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return undefined
  let id = `${scope}\u0000${key}`
  for (const [name, value] of Object.entries(options)) {
    if (!isPlain(value)) return undefined
    // the type is part of the value: a count of 1 and a name "1" may read differently
    id += `\u0001${name}\u0002${typeof value}\u0002${String(value)}`
  }
  return id
}

type AnyT = (key: unknown, options?: unknown, ...rest: unknown[]) => unknown
/** What i18next's `getFixedT` gives: a `t` that adds its language, namespace and key prefix to each call. */
type FixedT = AnyT & { lng?: string; lngs?: readonly string[]; ns?: unknown; keyPrefix?: unknown }

/** The calls of a fixed `t` are told apart from other fixed `t`s' by what it adds; a key prefix that is a function: not remembered. */
function scopeOf(t: FixedT): string | undefined {
  if (typeof t.keyPrefix === 'function') return undefined
  return [t.lng ?? t.lngs?.join(',') ?? '', String(t.ns ?? ''), String(t.keyPrefix ?? '')].join('\u0003')
}

/** Makes every `t` that `i18n.getFixedT` gives (react-i18next's `useTranslation` asks it) remember its answers. */
export function rememberTranslations(i18n: I18n): void {
  const answers = new Map<string, string>()
  const forget = () => answers.clear()
  i18n.on('languageChanged', forget)
  i18n.store.on('added', forget)
  i18n.store.on('removed', forget)

  const fixedT = i18n.getFixedT.bind(i18n) as unknown as (...args: unknown[]) => FixedT
  const remembering = (...args: unknown[]): FixedT => {
    const t = fixedT(...args)
    const scope = scopeOf(t)
    if (scope === undefined) return t
    const remembered: AnyT = (key, options, ...rest) => {
      const id = callId(scope, key, options, rest.length)
      if (id === undefined) return t(key, options, ...rest)
      const known = answers.get(id)
      if (known !== undefined) return known
      const answer = t(key, options)
      if (typeof answer === 'string') {
        if (answers.size >= MAX_REMEMBERED) answers.clear()
        answers.set(id, answer)
      }
      return answer
    }
    return Object.assign(remembered, { lng: t.lng, lngs: t.lngs, ns: t.ns, keyPrefix: t.keyPrefix })
  }
  i18n.getFixedT = remembering as unknown as I18n['getFixedT']
}
