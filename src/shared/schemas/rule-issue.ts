/**
 * A broken rule of a record, reported with a stable code (`params.rule`), which
 * field-errors.ts answers as the error's `code` in place of zod's generic `custom`: the
 * phone translates the code, a partner's client can act on it.
 */
import type { z } from 'zod'

export function addRuleIssue(ctx: z.RefinementCtx, rule: string, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message, params: { rule } })
}

/**
 * A rule of a record beyond each field's own shape, in words: GET /api/v1/schema
 * publishes it beside the JSON Schema, which cannot say it. Declared next to the code
 * that checks it, which reports `code` on the first of `fields` (unless it says where).
 */
export interface RecordRule {
  code: string
  /** The fields it relates (dotted when nested); its error names the first. */
  fields: readonly [string, ...string[]]
  /** The rule, in English. */
  rule: string
  /**
   * `record`: the record's schema checks it, so a client can before it sends; `server`:
   * the server checks it at push, against what it stores (other records, the caller's role).
   */
  checkedOn: 'record' | 'server'
}

/** Makes the rules checked at one place: each keeps its literal code (for the issue codes). */
const rulesCheckedOn =
  (checkedOn: RecordRule['checkedOn']) =>
  <const C extends string>(
    code: C,
    fields: readonly [string, ...string[]],
    rule: string,
  ): RecordRule & { code: C } => ({
    code,
    fields,
    rule,
    checkedOn,
  })

export const recordRule = rulesCheckedOn('record')
export const serverRule = rulesCheckedOn('server')

/** Reports a broken rule, on its first field unless `path` says where. */
export function breakRule(
  ctx: z.RefinementCtx,
  rule: RecordRule,
  message: string,
  path: (string | number)[] = [rule.fields[0]],
): void {
  addRuleIssue(ctx, rule.code, path, message)
}
