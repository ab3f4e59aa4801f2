/**
 * The kept Numbers view is sealed with the user's data key (never in clear in
 * IndexedDB), and uPlot stays out of the app's first download (imported only by the
 * lazily loaded Numbers screen).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openUserDb } from '@/data/db'
import { keepNumbersView, keptNumbersView } from '@/data/kept-numbers'
import { LockedError } from '@/data/protect'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'
import { rawRows, rawText } from '../data/raw-idb'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const view = {
  v: 1,
  query: { from: '2026-11-01', to: '2026-11-30', sites: ['SEG-FMP'] },
  fetchedAt: '2026-11-30T13:03:00.000Z',
  registrations: [{ siteCode: 'SEG-FMP', nationality: 'SDN', vulnerable: true, count: 987_654 }],
}

describe('the kept Numbers view', () => {
  it('is stored only sealed, and opened with the data key', async () => {
    const db = openUserDb(`numbers-${newId()}`)
    let locked = false
    db.keySource = () => (locked ? null : keys)
    await keepNumbersView(db, view)
    const raw = rawText(await rawRows(db.name, 'meta'))
    expect(raw).toContain('numbersView')
    for (const clear of ['SEG-FMP', 'SDN', '987654', '2026-11-30', 'registrations']) expect(raw).not.toContain(clear)
    expect(await keptNumbersView(db)).toEqual(view)

    locked = true
    await expect(keptNumbersView(db)).rejects.toBeInstanceOf(LockedError)
    await expect(keepNumbersView(db, view)).rejects.toBeInstanceOf(LockedError)
    db.close()
  })

  it('is replaced by the next view, and absent before the first', async () => {
    const db = openUserDb(`numbers-${newId()}`)
    db.keySource = () => keys
    expect(await keptNumbersView(db)).toBeUndefined()
    await keepNumbersView(db, view)
    const next = { ...view, fetchedAt: '2026-12-01T08:00:00.000Z' }
    await keepNumbersView(db, next)
    expect(await keptNumbersView(db)).toEqual(next)
    expect(await db.meta.count()).toBe(1)
    db.close()
  })
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

describe('the charts library', () => {
  it('is imported only by the Numbers charts, and the Numbers screen only lazily', () => {
    const inNumbers = (path: string) => path.startsWith('features/numbers/')
    const root = join(__dirname, '../../src')
    const files = sourceFiles(root).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }))
    // a type-only import (the charts' options) brings none of uPlot's code
    const runtime = (text: string) => text.replace(/^import type .*$/gm, '')
    const importsUplot = files.filter((f) => /from ['"]uplot|import ['"]uplot|import\(['"]uplot/.test(runtime(f.text)))
    // (other screens may draw with uPlot too: their own lazy loading is theirs to prove)
    const numbers = importsUplot.map((f) => f.path).filter((path) => path.startsWith('features/numbers/'))
    expect(numbers).toEqual(['features/numbers/numbers-chart.tsx'])
    // static imports of the screen (or of what it draws with) only from inside the lazy chunk
    const lazyOnly =
      /from ['"](@\/features\/numbers\/|\.\/)(numbers-screen|numbers-chart|flow-figures|case-figures)['"]/
    // a './name' import is one of the screen's only beside it (shared/stats has a flow-figures of its own)
    const importsScreen = (f: { path: string; text: string }) =>
      [...f.text.matchAll(new RegExp(lazyOnly, 'g'))].some((m) => m[1] !== './' || inNumbers(f.path))
    const importers = files.filter(importsScreen).map((f) => f.path)
    for (const path of importers)
      expect(path).toMatch(/^features\/numbers\/(numbers-screen|flow-figures|case-figures)\.tsx$/)
    expect(files.find((f) => f.path === 'features/numbers/numbers-route.tsx')?.text).toContain(
      "lazy(() => import('./numbers-screen'))",
    )
  })
})
