/** A form's message with the values its words name (components/field-message.ts), and a too-long message saying its limit. */
import { describe, expect, it } from 'vitest'
import { messageParts, messageWith, tooBigMessage } from '@/components/field-message'

describe('field messages', () => {
  it('keeps a key and its values in one string, and a plain key as it is', () => {
    const message = messageWith('form.digitsOnly', { digits: '350000' })
    expect(messageParts(message)).toEqual({ key: 'form.digitsOnly', values: { digits: '350000' } })
    expect(messageParts('form.required')).toEqual({ key: 'form.required' })
    expect(messageParts('form.a|not values')).toEqual({ key: 'form.a|not values' })
  })

  it('says the limit of a text, of each text in a list, and of a number', () => {
    const text = { origin: 'string', maximum: 200, path: ['otherNames'] }
    expect(messageParts(tooBigMessage(text))).toEqual({ key: 'form.atMostCharacters', values: { max: 200 } })
    const item = { origin: 'string', maximum: 100, path: ['aliases', 0] }
    expect(messageParts(tooBigMessage(item))).toEqual({ key: 'form.atMostCharactersEach', values: { max: 100 } })
    expect(messageParts(tooBigMessage({ origin: 'number', maximum: 600 }))).toEqual({
      key: 'form.atMost',
      values: { max: 600 },
    })
    // a server's answer does not say its limit
    expect(tooBigMessage({})).toBe('form.tooLong')
  })
})
