/**
 * A size and nesting check for untrusted JSON values that walks them with a loop, not
 * recursion: it runs before anything recursive (schemas, JSON.stringify, a database
 * driver) sees a value, so that an array nested 100,000 deep is refused instead of
 * overflowing the stack.
 */
export interface JsonLimits {
  /** Containers inside containers: `{}` is depth 1, `{ a: [] }` depth 2. */
  maxDepth: number
  /** Values of any kind, containers included. */
  maxNodes: number
  /** UTF-16 code units in one string (keys included). */
  maxStringLength: number
}

/** A record's `data`: the deepest real record is 3 levels, the largest a few hundred values. */
export const RECORD_DATA_LIMITS: JsonLimits = { maxDepth: 8, maxNodes: 5_000, maxStringLength: 10_000 }

export type JsonLimitBreach = 'too_deep' | 'too_many_values' | 'string_too_long'

/** The first limit `value` breaks, or undefined when it stays within them. */
export function jsonLimitBreach(value: unknown, limits: JsonLimits): JsonLimitBreach | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  let nodes = 1
  while (stack.length > 0) {
    const { value: next, depth } = stack.pop() as { value: unknown; depth: number }
    if (typeof next === 'string') {
      if (next.length > limits.maxStringLength) return 'string_too_long'
      continue
    }
    if (typeof next !== 'object' || next === null) continue
    if (depth + 1 > limits.maxDepth) return 'too_deep'
    const keys = Array.isArray(next) ? undefined : Object.keys(next)
    const size = keys ? keys.length : (next as unknown[]).length
    nodes += size
    if (nodes > limits.maxNodes) return 'too_many_values'
    if (keys === undefined) {
      for (const child of next as unknown[]) stack.push({ value: child, depth: depth + 1 })
      continue
    }
    for (const key of keys) {
      if (key.length > limits.maxStringLength) return 'string_too_long'
      stack.push({ value: (next as Record<string, unknown>)[key], depth: depth + 1 })
    }
  }
  return undefined
}

/**
 * How deep a JSON text nests, read from the text itself (no parse, no recursion): for
 * stored rows written before the limits existed.
 */
export function jsonTextDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (inString) {
      if (char === 0x5c)
        i++ // a backslash escapes the next character
      else if (char === 0x22) inString = false
    } else if (char === 0x22) {
      inString = true
    } else if (char === 0x5b || char === 0x7b) {
      deepest = Math.max(deepest, ++depth)
    } else if (char === 0x5d || char === 0x7d) {
      depth--
    }
  }
  return deepest
}
