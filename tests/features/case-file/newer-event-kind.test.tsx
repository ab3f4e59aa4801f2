/**
 * A case event of a kind a newer version of Relais wrote, pulled from the server: the
 * phone keeps it as sent (stored, not held, not dropped) and the timeline says it in
 * general words, with who and when, never its code.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { heldCount } from '@/data/held-changes'
import { applyPulledChanges } from '@/data/pull-apply'
import { listRecords } from '@/data/records'
import { replaceStaff } from '@/data/staff'
import type { PulledChange } from '@/shared/schemas/sync'
import { renderApp } from '../helpers/render-app'
import { caseEvent, person, seedCase } from './case-seed'

const reg1 = 'e2aa6be6-67dd-4d70-b6f2-68696ea7c54c'
const mamadou = person()

/** What a newer server sends: an event of a kind this version does not know. */
const newer = {
  ...caseEvent(mamadou.id, { at: '2026-12-01T10:00:00.000+01:00', by: reg1 }),
  kind: 'age_assessed',
  sections: undefined,
}
const sent = JSON.parse(JSON.stringify(newer)) as Record<string, unknown>

async function seedNewerEvent(db: RelaisDb) {
  await seedCase(db, mamadou)
  const change: PulledChange = { entity: 'caseEvent', recordId: newer.id, rev: 3, deleted: false, data: sent }
  await applyPulledChanges(db, [change], 'c1')
  await replaceStaff(db, [{ id: reg1, name: 'Aïcha Registrar', role: 'registrar' }])
}

const timeline = (name: string) => within(screen.getByRole('list', { name })).getAllByRole('listitem')

describe('an event of a kind a newer version wrote', () => {
  it('is kept as the server sent it, and read in words with who and when', async () => {
    const { db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: seedNewerEvent })
    await waitFor(() =>
      expect(timeline('Timeline').map((item) => item.textContent)).toEqual([
        'A change recorded by a newer version of Relais — Aïcha Registrar, Dec 1, 2026 10:00',
        expect.stringMatching(/^Registered — /),
      ]),
    )
    expect(screen.getByRole('list', { name: 'Timeline' }).textContent).not.toMatch(/age_assessed|age assessed/i)
    const [stored] = await listRecords(db, 'caseEvent')
    expect(stored).toMatchObject({ state: 'sent', syncedRev: 3 })
    expect(stored?.data).toEqual(sent)
    expect(await heldCount(db)).toBe(0)
  })

  it.each([
    ['fr', 'Historique', 'Un changement enregistré par une version plus récente de Relais'],
    ['ar', 'السجل الزمني', 'تغيير سجّله إصدار أحدث من Relais'],
  ] as const)('says it in %s', async (lang, title, words) => {
    await renderApp({ path: `/cases/${mamadou.id}`, lang, seed: seedNewerEvent })
    await screen.findByRole('heading', { name: title })
    await waitFor(() => expect(timeline(title)[0]).toHaveTextContent(`${words} — Aïcha Registrar`))
    expect(screen.getByRole('list', { name: title }).textContent).not.toContain('age_assessed')
  })
})
