/** Deep equality of two JSON values, whatever the order of their objects' keys. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]))
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left).filter((k) => left[k] !== undefined)
  if (keys.length !== Object.keys(right).filter((k) => right[k] !== undefined).length) return false
  return keys.every((k) => Object.hasOwn(right, k) && jsonEqual(left[k], right[k]))
}
