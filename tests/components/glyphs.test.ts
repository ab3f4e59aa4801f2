/**
 * The symbols the app draws (icons before a notice, arrows, check marks) are all in the
 * fonts a phone or a desktop has, so that none shows as an empty box. A glyph missing
 * from every installed font is drawn as a box: "⧉" did so before the possible-duplicate
 * notes, and "ⓘ" before the consent help, in Debian's Chromium. Each glyph allowed here
 * was checked in DejaVu Sans (`fc-list ':charset=<hex>'`), the widest of the usual sans
 * fonts; a new one is added here once checked the same way.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ALLOWED = new Set([...'←→↺−≈≤≥⊘▾○●◷⚑⚠✓✕ℹ'])

/** Arrows, mathematical and technical symbols, enclosed letters, shapes, dingbats, emoji. */
const SYMBOL = /[\u2139\u2190-\u2BFF\u{1F300}-\u{1FAFF}]/gu

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.(tsx?|css|json)$/.test(entry.name) ? [path] : []
  })
}

describe('glyphs', () => {
  it('draws only symbols that the usual fonts carry', () => {
    const found = new Map<string, string>()
    for (const file of sources('src')) {
      for (const [glyph] of readFileSync(file, 'utf8').matchAll(SYMBOL)) if (!found.has(glyph)) found.set(glyph, file)
    }
    const unknown = [...found].filter(([glyph]) => !ALLOWED.has(glyph))
    expect(unknown, 'a symbol no font may carry: check it (fc-list) and allow it here').toEqual([])
    // the scan finds what the app draws
    expect(found.has('⚠')).toBe(true)
  })
})
