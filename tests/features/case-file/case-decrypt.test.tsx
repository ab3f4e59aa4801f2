import { screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import * as records from '@/data/records'
import { saveRecord } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { assistance, caseEvent, person, referral, seedCase } from './case-seed'

vi.mock('@/data/records', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/data/records')>()
  return { ...actual, decodeRecord: vi.fn(actual.decodeRecord) }
})

describe('opening a case', () => {
  it('decrypts the case’s own assistance, referrals and events, never another case’s', async () => {
    const mamadou = person()
    const other = person({ caseNumber: 'AGZ-7K-0043', givenName: 'Ousmane', familyName: 'Bah' })
    const linked = [assistance(mamadou.id), referral(mamadou.id), caseEvent(mamadou.id)]
    const foreign = [assistance(other.id), referral(other.id), caseEvent(other.id)]
    await renderApp({
      path: `/cases/${mamadou.id}`,
      seed: async (db) => {
        await seedCase(db, mamadou)
        await seedCase(db, other)
        for (const [entity, data] of [
          ['assistance', linked[0]],
          ['referral', linked[1]],
          ['caseEvent', linked[2]],
          ['assistance', foreign[0]],
          ['referral', foreign[1]],
          ['caseEvent', foreign[2]],
        ] as const) {
          await saveRecord(db, entity, data as never)
        }
      },
    })
    await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })
    const decoded = vi.mocked(records.decodeRecord).mock.calls.map(([, row]) => row.id)
    for (const record of linked) expect(decoded).toContain(record.id)
    for (const record of foreign) expect(decoded).not.toContain(record.id)
  })
})
