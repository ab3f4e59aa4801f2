/**
 * A conflict field by field: the top-level fields on which the phone's version and the
 * server's differ, and the record a supervisor's per-field choice makes. The server
 * checks a choice with these (and the record's schema); the Problems screen shows them.
 * `id`, `createdAt` and `updatedAt` are metadata: never a choice (sync-protocol.md, rule 5).
 */
import { jsonEqual } from './json-equal'

export type RecordFields = Record<string, unknown>
export type FieldSide = 'server' | 'incoming'

const METADATA = new Set(['id', 'createdAt', 'updatedAt'])

export interface DifferingField {
  name: string
  /** undefined when that side does not have the field. */
  server: unknown
  incoming: unknown
}

/** The fields that differ, in the order they first appear (server's fields first). */
export function differingFields(server: RecordFields, incoming: RecordFields): DifferingField[] {
  const names = [...new Set([...Object.keys(server), ...Object.keys(incoming)])]
  return names
    .filter((name) => !METADATA.has(name) && !jsonEqual(server[name], incoming[name]))
    .map((name) => ({ name, server: server[name], incoming: incoming[name] }))
}

export interface FieldChoiceIssue {
  path: (string | number)[]
  code: 'choice_missing' | 'not_in_conflict'
  message: string
}

/**
 * The record the choices make: the server's version with each chosen field from the side
 * chosen (a field that side lacks is left out), `updatedAt` set to `at`. Every differing
 * field needs a choice, and only those: otherwise the issues, and no record.
 */
export function applyFieldChoices(
  server: RecordFields,
  incoming: RecordFields,
  choices: Readonly<Record<string, FieldSide>>,
  at: string,
): { ok: true; data: RecordFields } | { ok: false; issues: FieldChoiceIssue[] } {
  const differing = differingFields(server, incoming)
  const names = new Set(differing.map((field) => field.name))
  const issues: FieldChoiceIssue[] = []
  for (const name of Object.keys(choices)) {
    if (!names.has(name))
      issues.push({ path: ['fields', name], code: 'not_in_conflict', message: 'Both versions agree on this field' })
  }
  for (const { name } of differing) {
    if (!Object.hasOwn(choices, name))
      issues.push({ path: ['fields', name], code: 'choice_missing', message: 'Choose a version of this field' })
  }
  if (issues.length > 0) return { ok: false, issues }
  const chosen = new Map(Object.entries(server))
  for (const { name } of differing) {
    const side = choices[name] === 'incoming' ? incoming : server
    if (Object.hasOwn(side, name)) chosen.set(name, side[name])
    else chosen.delete(name)
  }
  chosen.set('updatedAt', at)
  // fromEntries makes own properties whatever the key (even `__proto__`)
  return { ok: true, data: Object.fromEntries(chosen) }
}
