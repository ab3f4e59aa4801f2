/**
 * A form's message about a field is one string (react-hook-form keeps one per field, the
 * forms' own checks one per field too): a translation key, or a key and the values its
 * words name, such as a limit ("At most 200 characters.") or the digits typed. `messageWith`
 * puts both in the string, `sayMessage` says it in the interface language.
 */
import type { TFunction } from 'i18next'

/** Between a key and its values: no translation key holds it. */
const VALUES_MARK = '|'

export type MessageValues = Record<string, string | number>

/** A message whose words name `values` (`{{name}}` in the translation). */
export function messageWith(key: string, values: MessageValues): string {
  return `${key}${VALUES_MARK}${JSON.stringify(values)}`
}

/** The translation key of a message, and the values it names. */
export function messageParts(message: string): { key: string; values?: MessageValues } {
  const at = message.indexOf(VALUES_MARK)
  if (at < 0) return { key: message }
  try {
    const values = JSON.parse(message.slice(at + 1)) as unknown
    if (typeof values === 'object' && values !== null && !Array.isArray(values)) {
      return { key: message.slice(0, at), values: values as MessageValues }
    }
  } catch {
    // not a message made by messageWith: said as the key it is
  }
  return { key: message }
}

/** A message in words. */
export function sayMessage(t: TFunction, message: string): string {
  const { key, values } = messageParts(message)
  return values ? t(key, values) : t(key)
}

interface TooBigIssue {
  origin?: string | undefined
  maximum?: number | bigint | undefined
  path?: readonly PropertyKey[] | undefined
}

/**
 * The message of a zod `too_big` issue on text or a number, saying the limit: "At most 200
 * characters." ("each" for an item of a list: a name among the other names), "At most 600.";
 * "Too long." only for another kind of value, or a limit unknown.
 */
export function tooBigMessage(issue: TooBigIssue): string {
  if (issue.maximum === undefined) return 'form.tooLong'
  const max = Number(issue.maximum)
  if (issue.origin === 'string') {
    const each = issue.path?.some((part) => typeof part === 'number') ?? false
    return messageWith(each ? 'form.atMostCharactersEach' : 'form.atMostCharacters', { max })
  }
  if (issue.origin === 'number') return messageWith('form.atMost', { max })
  return 'form.tooLong'
}
