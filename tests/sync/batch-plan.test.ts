import { describe, expect, it } from 'vitest'
import { jsonBytes, planBatch, pushBody, splitInHalves } from '@/sync/batch-plan'
import type { OutboxEntry } from '@/data/outbox-entry'
import { newId } from '@/shared/ids'

const entry = (size = 10): OutboxEntry => ({
  mutationId: newId(),
  entity: 'survey',
  recordId: newId(),
  op: 'upsert',
  baseRev: 0,
  data: { note: 'é'.repeat(size) },
  changedFields: ['note'],
  at: '2026-11-29T14:03:00.000Z',
  status: 'queued',
  batchId: 'local-only',
})
const envelope = { deviceId: newId(), batchId: newId(), appVersion: '0.1.0' }

describe('planBatch', () => {
  it('takes at most maxMutations entries', () => {
    const entries = Array.from({ length: 7 }, () => entry())
    expect(planBatch(entries, envelope, { maxMutations: 5, maxBytes: 1e9 })).toEqual(entries.slice(0, 5))
    expect(planBatch(entries.slice(0, 3), envelope)).toHaveLength(3)
  })

  it('keeps the uncompressed body within maxBytes, measured in UTF-8', () => {
    const entries = Array.from({ length: 10 }, () => entry(1000)) // 2 bytes per é
    const maxBytes = 8000
    const batch = planBatch(entries, envelope, { maxMutations: 500, maxBytes })
    const body = pushBody({ ...envelope, pending: 10 }, batch)
    expect(batch.length).toBe(3)
    expect(jsonBytes(body)).toBeLessThanOrEqual(maxBytes)
    // one more would not fit, even with the pending count's digits at their narrowest
    expect(jsonBytes(pushBody({ ...envelope, pending: 0 }, entries.slice(0, 4)))).toBeGreaterThan(maxBytes)
  })

  it('sends a single oversized entry alone, for the server to refuse', () => {
    expect(planBatch([entry(5000), entry()], envelope, { maxMutations: 500, maxBytes: 1000 })).toHaveLength(1)
  })

  it('strips local bookkeeping from the mutations it sends', () => {
    const [mutation] = pushBody({ ...envelope, pending: 1 }, [entry()]).mutations ?? []
    expect(mutation).not.toHaveProperty('status')
    expect(mutation).not.toHaveProperty('batchId')
  })
})

describe('splitInHalves', () => {
  it('splits in two, the first half taking the odd one', () => {
    expect(splitInHalves([1, 2, 3])).toEqual([[1, 2], [3]])
  })
})
