/**
 * Numbers on a phone: a table that cannot fit says so and scrolls by keyboard; the charts
 * name what the tables name, in the app's language; a chart with nothing to draw is left
 * out. (jsdom lays nothing out: widths are stubbed here, and Chromium is looked at in the
 * e2e runs.)
 */
import { screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as charts from '@/features/numbers/numbers-chart'
import type { Language } from '@/i18n/languages'
import {
  assistanceStatsSchema,
  avrrStatsSchema,
  flowDayStatsSchema,
  flowNationalityStatsSchema,
  flowTransportStatsSchema,
  openReferralStatsSchema,
  registrationStatsSchema,
} from '@/shared/schemas/stats'
import { renderApp } from './helpers/render-app'

// the real charts, watched: what each is asked to draw
vi.mock('@/features/numbers/numbers-chart', async (importOriginal) => {
  const real = await importOriginal<typeof charts>()
  return { ...real, BarChart: vi.fn(real.BarChart) }
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  vi.mocked(charts.BarChart).mockClear()
})

const nationality = (country: string, direction: string, count: number) => ({
  day: '2026-11-20',
  siteCode: 'ARL-FMP',
  direction,
  country,
  count,
})

const ANSWERS: Record<string, unknown> = {
  flows: flowDayStatsSchema.parse({ rows: [] }),
  'flows/nationality': flowNationalityStatsSchema.parse({
    rows: [
      nationality('NGA', 'outgoing', 32),
      nationality('CIV', 'outgoing', 15),
      nationality('NER', 'incoming', 12),
      nationality('OOO', 'incoming', 3),
    ],
  }),
  'flows/transport': flowTransportStatsSchema.parse({ rows: [] }),
  // every count under 5: nothing a chart could draw
  registrations: registrationStatsSchema.parse({
    rows: [
      { siteCode: 'AGZ-TC', nationality: 'MLI', vulnerable: false, count: '<5' },
      { siteCode: 'AGZ-TC', nationality: 'NGA', vulnerable: true, count: '<5' },
    ],
  }),
  assistance: assistanceStatsSchema.parse({ rows: [{ siteCode: 'AGZ-TC', type: 'food', count: 18 }] }),
  'referrals/open': openReferralStatsSchema.parse({ rows: [] }),
  avrr: avrrStatsSchema.parse({ rows: [] }),
}

function stubStats() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const part = new URL(String(input), 'http://localhost').pathname.replace('/api/v1/stats/', '')
      return new Response(JSON.stringify(ANSWERS[part]), { headers: { 'Content-Type': 'application/json' } })
    }),
  )
}

async function openNumbers(lang: Language = 'en') {
  stubStats()
  const rendered = await renderApp({ role: 'supervisor', sites: ['AGZ-TC', 'ARL-FMP'], path: '/numbers', lang })
  await screen.findAllByRole('table')
  return rendered
}

/** The labels each bar chart was last asked to draw, by its name. */
function barLabels(): Map<string, string[]> {
  return new Map(vi.mocked(charts.BarChart).mock.calls.map(([props]) => [props.label, props.labels]))
}

/** Makes every table's box `inner` pixels wide inside and `outer` outside (jsdom has no layout). */
function stubTableWidths(inner: number, outer: number) {
  const width = (size: number) =>
    function (this: HTMLElement) {
      return this.classList.contains('figure-scroll') ? size : 0
    }
  vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(width(inner))
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(width(outer))
}

describe('numbers on a phone', () => {
  it('names a table by its caption, and makes a stop of its box only when it scrolls', async () => {
    await openNumbers()
    const table = screen.getByRole('table', { name: 'The 4 nationalities seen most, by direction' })
    expect(table.closest('[tabindex]')).toBeNull()
    expect(screen.queryByRole('region', { name: 'The 4 nationalities seen most, by direction' })).toBeNull()
    expect(screen.queryByText('This table is wider than the screen: scroll it sideways.')).toBeNull()
  })

  it('says when a table is wider than the screen, and lets the keyboard scroll it', async () => {
    stubTableWidths(420, 326)
    await openNumbers()
    const box = screen.getByRole('region', { name: 'The 4 nationalities seen most, by direction' })
    expect(box).toHaveAttribute('tabindex', '0')
    expect(box).toHaveAccessibleDescription('This table is wider than the screen: scroll it sideways.')
    expect(box).toContainElement(screen.getByRole('table', { name: 'The 4 nationalities seen most, by direction' }))
    // the caption stands outside the box that scrolls: it wraps to the screen, whole
    expect(box).not.toContainElement(screen.getByText('The 4 nationalities seen most, by direction'))
  })

  it.each([
    ['en', ['Nigeria', 'Côte d’Ivoire', 'Niger', 'Unknown'], 'Top nationalities'],
    ['fr', ['Nigéria', 'Côte d’Ivoire', 'Niger', 'Inconnue'], 'Principales nationalités'],
    ['ar', ['نيجيريا', 'ساحل العاج', 'النيجر', 'غير معروف'], 'أبرز الجنسيات'],
  ] as const)('names the nationalities on their chart as the table does, in %s', async (lang, names, title) => {
    await openNumbers(lang)
    expect(barLabels().get(title)).toEqual(names)
    const table = screen.getAllByRole('table')[0]!
    expect([...table.querySelectorAll('tbody th')].map((th) => th.textContent)).toEqual(names)
  })

  it('draws no chart of counts that are all under 5, and says why', async () => {
    await openNumbers()
    expect(document.querySelector('[data-chart="Registrations per centre"]')).toBeNull()
    expect(document.querySelector('[data-chart="Assistance by type"]')).not.toBeNull()
    expect(screen.getByText(/shown as “<5” to protect the people counted/)).toBeInTheDocument()
  })
})
