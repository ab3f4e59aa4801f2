/**
 * The Cases list's order: vulnerable first, then newest registration, then latest change.
 * A list kept in this order takes a case at its place by binary search, and a page of
 * new cases is merged into it in one pass (case-index.ts).
 */
import type { CaseSummary } from './case-finder'

export const isVulnerable = (c: CaseSummary) => c.vulnerabilities.length > 0

/** List order: vulnerable first, then newest registration, then latest change. */
export function compareCases(a: CaseSummary, b: CaseSummary): number {
  return (
    Number(isVulnerable(b)) - Number(isVulnerable(a)) ||
    compareText(b.registeredOn, a.registeredOn) ||
    compareText(b.localUpdatedAt, a.localUpdatedAt) ||
    compareText(a.id, b.id)
  )
}

export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Two lists in list order made one: each added case finds its place by binary search
 * (a few comparisons), and the cases between two places are copied as they are.
 */
export function mergeOrdered(base: readonly CaseSummary[], added: readonly CaseSummary[]): CaseSummary[] {
  const out: CaseSummary[] = []
  let from = 0
  for (const c of added) {
    const at = insertionPointIn(base, c, from)
    for (let i = from; i < at; i++) out.push(base[i] as CaseSummary)
    out.push(c)
    from = at
  }
  for (let i = from; i < base.length; i++) out.push(base[i] as CaseSummary)
  return out
}

/** Where a case goes in a list in list order, at or after `low` (binary search). */
export function insertionPointIn(list: readonly CaseSummary[], c: CaseSummary, low = 0): number {
  let high = list.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (compareCases(list[mid] as CaseSummary, c) < 0) low = mid + 1
    else high = mid
  }
  return low
}
