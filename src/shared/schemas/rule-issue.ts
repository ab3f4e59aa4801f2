/**
 * A broken rule of a record, reported with a stable code (`params.rule`), which
 * field-errors.ts answers as the error's `code` in place of zod's generic `custom`: the
 * phone translates the code, a partner's client can act on it.
 */
import type { z } from 'zod'

export function addRuleIssue(ctx: z.RefinementCtx, rule: string, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message, params: { rule } })
}
