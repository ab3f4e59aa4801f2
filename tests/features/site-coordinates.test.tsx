/**
 * A site's coordinates typed as a user of the Arabic interface types them: Arabic-Indic
 * digits and the Arabic decimal separator "٫" are read, and sent in numbers; anything
 * else that is not a decimal number is said at its field, and nothing is sent.
 */
import { screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import type { Site } from '@/shared/schemas/site'
import { stubApi } from './admin/fake-api'
import { renderApp, SITES } from './helpers/render-app'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const words = ar.sites

describe('site coordinates in Arabic digits', () => {
  it('reads Arabic-Indic digits and the Arabic decimal separator, and says what is not a number', async () => {
    let created: unknown
    const api = stubApi({
      'GET /api/v1/sites': { status: 200, body: SITES },
      'POST /api/v1/sites': (body) => {
        created = body
        return { status: 201, body: { ...(body as Site), active: true } }
      },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/sites/new', lang: 'ar' })
    await ui.type(await screen.findByLabelText(words.code), 'ING-FMP')
    await ui.type(screen.getByLabelText(words.name), 'Ingall')
    await ui.selectOptions(screen.getByLabelText(words.kind), ar.codes.siteKind.fmp)
    await ui.selectOptions(screen.getByLabelText(words.adm1), 'Agadez')
    const lat = screen.getByLabelText(words.lat)
    const lon = screen.getByLabelText(words.lon)

    // the Arabic thousands separator is no decimal mark: refused, never guessed
    await ui.type(lat, '١٦٬٧٨')
    await ui.type(lon, '۶٫۹۳')
    await ui.click(screen.getByRole('button', { name: words.create }))
    expect(lat).toHaveAttribute('aria-invalid', 'true')
    expect(lat).toHaveAccessibleDescription(expect.stringContaining(words.errors.notANumber))
    expect(lon).not.toHaveAttribute('aria-invalid')
    expect(api.writes()).toHaveLength(0)

    await ui.clear(lat)
    await ui.type(lat, '\u200f١٦٫٧٨')
    expect(lat).not.toHaveAttribute('aria-invalid')
    await ui.click(screen.getByRole('button', { name: words.create }))
    expect(await screen.findByText(words.created.replace('{{name}}', 'Ingall'))).toBeInTheDocument()
    expect(created).toEqual({
      code: 'ING-FMP',
      name: 'Ingall',
      kind: 'fmp',
      adm1: 'Agadez',
      lat: 16.78,
      lon: 6.93,
      active: true,
    })
  })
})
