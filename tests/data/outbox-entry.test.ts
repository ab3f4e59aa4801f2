import { describe, expect, it } from 'vitest'
import { toMutation, type OutboxEntry } from '@/data/outbox-entry'
import { newId } from '@/shared/ids'
import { mutationSchema } from '@/shared/schemas/sync'

const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  mutationId: newId(),
  entity: 'survey',
  recordId: newId(),
  op: 'upsert',
  baseRev: 0,
  data: { note: 'x' },
  changedFields: ['note', 'updatedAt'],
  at: '2026-11-29T14:03:00.000Z',
  by: 'user-1',
  status: 'queued',
  batchId: 'local-only',
  ...over,
})

describe('toMutation', () => {
  it('sends a record the server never acknowledged without changedFields: every field is new', () => {
    const mutation = toMutation(entry({ baseRev: 0 }))
    expect(mutation).not.toHaveProperty('changedFields')
    expect(mutation).not.toHaveProperty('status')
    expect(mutation).not.toHaveProperty('batchId')
    expect(mutationSchema.safeParse(mutation).success).toBe(true)
  })

  it('sends the fields an edit touched, for the server to merge against its base', () => {
    expect(toMutation(entry({ baseRev: 3 })).changedFields).toEqual(['note', 'updatedAt'])
    expect(toMutation(entry({ baseRev: 3, op: 'delete', data: undefined, changedFields: [] })).changedFields).toEqual(
      [],
    )
  })

  it("leaves out `at` when it is the record's own updatedAt, and `by` always", () => {
    const at = '2026-11-29T14:03:00.000Z'
    const saved = toMutation(entry({ data: { note: 'x', updatedAt: at }, at }))
    expect(saved).not.toHaveProperty('at')
    expect(saved).not.toHaveProperty('by')
    expect(toMutation(entry({ data: { note: 'x', updatedAt: '2026-11-29T14:02:00.000Z' }, at })).at).toBe(at)
    expect(toMutation(entry({ op: 'delete', data: undefined, at })).at).toBe(at)
  })
})
