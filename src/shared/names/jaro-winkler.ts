/**
 * Jaro–Winkler similarity (0…1) and an edit distance over UTF-16 code units. Both
 * run on short folded words, so plain loops over small arrays; no allocation beyond
 * one flag array per string.
 */

/** Jaro similarity boosted by a shared prefix of up to 4 characters (scale 0.1). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1
  if (a.length === 0 || b.length === 0) return 0
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1)
  const matchedB = new Uint8Array(b.length)
  const matchedA = new Uint8Array(a.length)
  let matches = 0
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window)
    const to = Math.min(b.length - 1, i + window)
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1
        matchedB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  let transpositions = 0
  let j = 0
  for (let i = 0; i < a.length; i++) {
    if (matchedA[i] === 0) continue
    while (matchedB[j] === 0) j++
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++
    j++
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3
  let prefix = 0
  while (prefix < 4 && prefix < a.length && prefix < b.length && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  return jaro + prefix * 0.1 * (1 - jaro)
}

/**
 * Optimal string alignment distance: one-character insertions, deletions,
 * substitutions and swaps of neighbours (a typing slip: "Mnasaray").
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  if (a.length === 0) return b.length
  if (b.length === 0) return a.length
  const width = b.length + 1
  const rows = new Uint16Array(width * (a.length + 1))
  for (let j = 0; j <= b.length; j++) rows[j] = j
  for (let i = 1; i <= a.length; i++) {
    rows[i * width] = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let best = Math.min(
        (rows[(i - 1) * width + j] as number) + 1,
        (rows[i * width + j - 1] as number) + 1,
        (rows[(i - 1) * width + j - 1] as number) + cost,
      )
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        best = Math.min(best, (rows[(i - 2) * width + j - 2] as number) + 1)
      }
      rows[i * width + j] = best
    }
  }
  return rows[a.length * width + b.length] as number
}
