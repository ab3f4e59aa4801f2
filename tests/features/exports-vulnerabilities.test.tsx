/**
 * The Exports screen offers the registrations per centre by vulnerability flag beside the
 * other figures (en, fr, ar), and asks the server for them with the chosen days, sites and
 * the user's language; fetch stubbed at the boundary.
 */
import { screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from './helpers/render-app'

/** A fetch that answers each export at once with a small CSV, and records what was asked. */
function stubExportFetch() {
  const asked: URL[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://localhost')
      if (!url.pathname.startsWith('/api/v1/export/')) {
        return new Response(JSON.stringify({ error: 'not_found' }), { status: 404 })
      }
      asked.push(url)
      const file = url.pathname.split('/').pop()!
      return new Response('\ufeffsiteCode,vulnerability,count\r\n', {
        status: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="relais-${file.replace('.', '-2026-11-01-2026-11-30.')}"`,
        },
      })
    }),
  )
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:test/1'), revokeObjectURL: vi.fn() }))
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
  return asked
}

beforeEach(() => {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('exports: registrations by vulnerability', () => {
  it('is offered among the figures, and asks for the chosen days and sites', async () => {
    const asked = stubExportFetch()
    const { user: ui } = await renderApp({ role: 'supervisor', sites: ['AGZ-TC', 'ARL-TC'], path: '/exports' })
    const figures = await screen.findByRole('group', { name: 'Figures' })
    const choice = within(figures).getByRole('radio', { name: /^Registrations by vulnerability, per centre/ })
    expect(choice.closest('label')).toHaveTextContent('counts under 5 show as “<5”')
    await ui.click(choice)
    const sites = screen.getByRole('group', { name: 'Sites' })
    await ui.click(await within(sites).findByRole('checkbox', { name: 'Arlit transit centre' }))
    await ui.clear(screen.getByLabelText('From'))
    await ui.type(screen.getByLabelText('From'), '2026-11-01')
    await ui.clear(screen.getByLabelText('To'))
    await ui.type(screen.getByLabelText('To'), '2026-11-30')
    await ui.click(screen.getByRole('radio', { name: 'Excel (XLSX)' }))
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    await vi.waitFor(() => expect(asked).toHaveLength(1))
    expect(asked[0]!.pathname).toBe('/api/v1/export/aggregate/vulnerabilities-by-centre.xlsx')
    expect(Object.fromEntries(asked[0]!.searchParams)).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      sites: 'AGZ-TC',
    })
    expect(
      await screen.findByText(/^Saved: relais-vulnerabilities-by-centre-2026-11-01-2026-11-30\.xlsx/),
    ).toBeInTheDocument()
  })

  it.each([
    ['fr', 'Enregistrements par vulnérabilité, par centre', 'Télécharger'],
    ['ar', 'التسجيلات حسب نوع الضعف، لكل مركز', 'تنزيل'],
  ])('is named in %s, and asks for the sites named in that language', async (lang, name, download) => {
    const asked = stubExportFetch()
    const { user: ui } = await renderApp({ role: 'admin', path: '/exports', lang })
    await ui.click(await screen.findByRole('radio', { name: new RegExp(`^${name}`) }))
    await ui.click(screen.getByRole('button', { name: download }))
    await vi.waitFor(() => expect(asked).toHaveLength(1))
    expect(asked[0]!.pathname).toBe('/api/v1/export/aggregate/vulnerabilities-by-centre.csv')
    expect(asked[0]!.searchParams.get('lang')).toBe(lang)
  })
})
