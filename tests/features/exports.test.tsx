/**
 * The Exports screen, fetch stubbed at the boundary: what it asks the server for, the
 * bytes received while the file streams in, the file saved under the server's name,
 * the personal-data warning, cancelling, and what it says offline or when refused.
 */
import { act, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from './helpers/render-app'

interface Download {
  url: URL
  authorization: string | null
  push(text: string): void
  end(): void
}

/** A fetch whose export answers stream in as the test pushes them; other calls get 404. */
function stubExportFetch(answer: (url: URL) => Response | 'stream' | 'offline' = () => 'stream') {
  const downloads: Download[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost')
    if (!url.pathname.startsWith('/api/v1/export/')) {
      return new Response(JSON.stringify({ error: 'not_found' }), { status: 404 })
    }
    const kind = answer(url)
    if (kind === 'offline') throw new TypeError('Failed to fetch')
    if (kind !== 'stream') return kind
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c
      },
    })
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')))
    const encoder = new TextEncoder()
    downloads.push({
      url,
      authorization: new Headers(init.headers).get('Authorization'),
      push: (text) => controller.enqueue(encoder.encode(text)),
      end: () => controller.close(),
    })
    const file = url.pathname.split('/').pop()!
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': file.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream',
        'content-disposition': `attachment; filename="relais-${file.replace('.', '-2026-12-04.')}"`,
      },
    })
  })
  vi.stubGlobal('fetch', fetch)
  return { fetch, downloads }
}

/** What was saved: the object URL's blob and the link's file name. */
function watchSaves() {
  const saved: { name: string; blob: Blob }[] = []
  const blobs = new Map<string, Blob>()
  let n = 0
  vi.stubGlobal(
    'URL',
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        n += 1
        blobs.set(`blob:test/${n}`, blob)
        return `blob:test/${n}`
      }),
      revokeObjectURL: vi.fn(),
    }),
  )
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.getAttribute('href') ?? '')! })
  })
  return saved
}

const CSV = '\ufeffsiteCode,total\r\n#loc+code,#affected+migrants+total\r\n'

beforeEach(() => {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('exports (supervisor, admin)', () => {
  it('downloads a record export with the session token, shows the bytes received, and saves the file', async () => {
    const { downloads } = stubExportFetch()
    const saved = watchSaves()
    const { user: ui } = await renderApp({ role: 'supervisor', sites: ['AGZ-TC', 'ARL-FMP'] })
    await ui.click(await screen.findByRole('link', { name: 'Exports' }))
    await ui.click(await screen.findByRole('radio', { name: 'Flow counts' }))
    await ui.click(screen.getByRole('radio', { name: 'Excel (XLSX)' }))
    // records: no days unless chosen, every date
    expect(screen.getByLabelText('From')).toHaveValue('')
    expect(screen.getByLabelText('To')).toHaveValue('')
    await ui.click(screen.getByRole('button', { name: 'Download' }))

    expect(await screen.findByText('Preparing the file…')).toBeInTheDocument()
    expect(downloads).toHaveLength(1)
    expect(downloads[0]!.url.pathname).toBe('/api/v1/export/flowCount.xlsx')
    expect(downloads[0]!.url.search).toBe('') // every site, no personal data
    expect(downloads[0]!.authorization).toBe('Bearer token-1')
    // not `disabled`: the focus stays on Download while the file comes (a second tap asks nothing)
    const downloadButton = screen.getByRole('button', { name: 'Download' })
    expect(downloadButton).toHaveAttribute('aria-disabled', 'true')
    expect(downloadButton).toHaveFocus()
    await ui.click(downloadButton)
    expect(downloads).toHaveLength(1)

    downloads[0]!.push('x'.repeat(1500))
    expect(await screen.findByText('Downloading… 1.5 kB received')).toBeInTheDocument()
    downloads[0]!.push('y'.repeat(1000))
    expect(await screen.findByText('Downloading… 2.5 kB received')).toBeInTheDocument()
    expect(saved).toEqual([])
    downloads[0]!.end()

    expect(await screen.findByText('Saved: relais-flowCount-2026-12-04.xlsx (2.5 kB).')).toBeInTheDocument()
    expect(saved).toHaveLength(1)
    expect(saved[0]!.name).toBe('relais-flowCount-2026-12-04.xlsx')
    expect(await saved[0]!.blob.text()).toBe('x'.repeat(1500) + 'y'.repeat(1000))
  })

  it("asks for the records with the seed sites named in the user's language", async () => {
    const { downloads } = stubExportFetch()
    const { user: ui } = await renderApp({ role: 'admin', path: '/exports', lang: 'fr' })
    await ui.click(await screen.findByRole('radio', { name: 'Enquêtes' }))
    await ui.click(screen.getByRole('button', { name: 'Télécharger' }))
    await vi.waitFor(() => expect(downloads).toHaveLength(1))
    expect(downloads[0]!.url.pathname).toBe('/api/v1/export/survey.csv')
    expect(Object.fromEntries(downloads[0]!.url.searchParams)).toEqual({ lang: 'fr' })
    downloads[0]!.end()
  })

  it('saves the codebook of coded values in the user’s language, with no connection needed', async () => {
    const { downloads } = stubExportFetch()
    const saved = watchSaves()
    const { user: ui } = await renderApp({ role: 'supervisor', sites: ['AGZ-TC'], path: '/exports', lang: 'fr' })
    const codebook = await screen.findByRole('region', { name: 'Dictionnaire des codes' })
    await ui.click(within(codebook).getByRole('button', { name: 'Télécharger le dictionnaire des codes (CSV)' }))
    expect(saved.map((s) => s.name)).toEqual(['relais-codebook-fr.csv'])
    const bytes = new Uint8Array(await saved[0]!.blob.arrayBuffer())
    // a BOM, so that a spreadsheet reads the accents (and Arabic) as UTF-8
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = (await saved[0]!.blob.text()).split('\r\n')
    expect(lines[0]).toBe('Colonnes,Code,Signification')
    expect(lines).toContain('sex,female,Femme')
    expect(lines).toContain('caseStatus fromStatus toStatus,avrr_in_progress,Retour en cours')
    expect(lines).toContain("vulnerabilities difficulties journeyFunding,none,Aucun des choix n'a été coché")
    expect(downloads).toHaveLength(0)
  })

  it('warns that personal data is audited before asking for it', async () => {
    const { downloads } = stubExportFetch()
    const saved = watchSaves()
    const { user: ui } = await renderApp({ role: 'admin', path: '/exports' })
    await ui.click(await screen.findByRole('radio', { name: 'Registrations' }))
    const personal = screen.getByRole('checkbox', { name: 'Include personal data' })
    expect(personal).not.toBeChecked()
    expect(personal).toHaveAccessibleDescription(expect.stringMatching(/^Names, phone numbers, documents/))
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
    await ui.click(personal)
    expect(screen.getByRole('note')).toHaveTextContent(/recorded in the audit log under your name/)
    expect(screen.getByRole('note')).toHaveTextContent(/identifies people who trusted us/)
    await ui.click(screen.getByRole('button', { name: 'Download with personal data' }))
    await vi.waitFor(() => expect(downloads).toHaveLength(1))
    expect(downloads[0]!.url.pathname).toBe('/api/v1/export/registration.csv')
    expect(downloads[0]!.url.searchParams.get('personal')).toBe('true')
    downloads[0]!.push(CSV)
    downloads[0]!.end()
    expect(await screen.findByText(/^Saved: relais-registration-2026-12-04\.csv/)).toBeInTheDocument()
    expect(saved.map((s) => s.name)).toEqual(['relais-registration-2026-12-04.csv'])
    // another export chosen: what was said of the last one goes
    await ui.click(screen.getByRole('radio', { name: 'Assistance' }))
    expect(screen.queryByText(/^Saved: /)).not.toBeInTheDocument()
  })

  it('says that registrations without personal data come by month, without vulnerabilities, and what personal data adds', async () => {
    stubExportFetch()
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/exports' })
    await ui.click(await screen.findByRole('radio', { name: 'Registrations' }))
    const personal = screen.getByRole('checkbox', { name: 'Include personal data' })
    expect(personal).toHaveAccessibleDescription(
      /record ids, the days of registration and consent, and the vulnerabilities\. Without it, the file singles no one out: months instead of days, and no vulnerability/,
    )
    expect(screen.getByLabelText('From')).toHaveAccessibleDescription(/whole months of these days/)
    // with personal data, the days asked for are the days read
    await ui.click(personal)
    expect(screen.getByLabelText('From')).not.toHaveAccessibleDescription(/months/)
    // other records: what personal data adds is what it always was
    await ui.click(screen.getByRole('radio', { name: 'Assistance' }))
    expect(screen.getByRole('checkbox', { name: 'Include personal data' })).toHaveAccessibleDescription(
      /^Names, phone numbers, documents, dates of birth, free-text notes and record ids\./,
    )
    await ui.click(screen.getByRole('checkbox', { name: 'Include personal data' }))
    expect(screen.getByLabelText('From')).not.toHaveAccessibleDescription(/months/)
  })

  it('asks for the figures of the chosen days and sites, and checks them first', async () => {
    const { downloads } = stubExportFetch()
    watchSaves()
    const { user: ui } = await renderApp({
      role: 'supervisor',
      sites: ['AGZ-TC', 'ARL-FMP', 'MAD-FMP'],
      path: '/exports',
    })
    expect(await screen.findByRole('radio', { name: /Daily FMP figures/ })).toBeChecked()
    expect(screen.queryByRole('checkbox', { name: 'Include personal data' })).not.toBeInTheDocument()
    const sites = screen.getByRole('group', { name: 'Sites' })
    expect((await within(sites).findAllByRole('checkbox')).map((box) => box.closest('label')!.textContent)).toEqual([
      'Agadez transit centre',
      'Arlit flow monitoring point',
      'Madama flow monitoring point',
    ])
    await ui.click(within(sites).getByRole('checkbox', { name: 'Agadez transit centre' }))
    const from = screen.getByLabelText('From')
    const to = screen.getByLabelText('To')
    await ui.clear(from)
    await ui.type(from, '2026-11-10')
    await ui.clear(to)
    await ui.type(to, '2026-11-01')
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    expect(screen.getByText('The end date is before the start date.')).toBeInTheDocument()
    expect(to).toHaveAttribute('aria-invalid', 'true')
    expect(to).toHaveFocus()
    expect(downloads).toHaveLength(0)

    await ui.clear(to)
    await ui.type(to, '2026-11-30')
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    await vi.waitFor(() => expect(downloads).toHaveLength(1))
    expect(downloads[0]!.url.pathname).toBe('/api/v1/export/aggregate/flows-daily.csv')
    expect(Object.fromEntries(downloads[0]!.url.searchParams)).toEqual({
      from: '2026-11-10',
      to: '2026-11-30',
      sites: 'ARL-FMP,MAD-FMP',
    })
    downloads[0]!.end()
    expect(await screen.findByText(/^Saved: relais-flows-daily-2026-12-04\.csv/)).toBeInTheDocument()

    await ui.click(screen.getByRole('radio', { name: /Registrations per centre/ }))
    for (const box of within(sites).getAllByRole('checkbox')) if ((box as HTMLInputElement).checked) await ui.click(box)
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    expect(screen.getByText('Choose at least one site.')).toBeInTheDocument()
    expect(downloads).toHaveLength(1)
  })

  it('limits a record export to chosen days, by its own date, checked first and kept as typed', async () => {
    const { downloads } = stubExportFetch()
    watchSaves()
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/exports' })
    await ui.click(await screen.findByRole('radio', { name: 'Registrations' }))
    const from = screen.getByLabelText('From')
    const to = screen.getByLabelText('To')
    expect(from).toHaveAccessibleDescription(
      'Registrations of these days, by registration date. Leave both empty for every date. Both days included, Niger time. ' +
        'Without personal data: the whole months of these days, each person with their month of registration, not the day.',
    )
    await ui.type(from, '2026-11-30')
    await ui.type(to, '2026-11-01')
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    expect(screen.getByText('The end date is before the start date.')).toBeInTheDocument()
    expect(to).toHaveAttribute('aria-invalid', 'true')
    expect(to).toHaveFocus()
    expect(downloads).toHaveLength(0)

    // the figures have days of their own; on another kind of record, the days are as typed
    await ui.click(screen.getByRole('radio', { name: /Daily FMP figures/ }))
    expect(screen.getByLabelText('From')).not.toHaveValue('2026-11-30')
    await ui.click(screen.getByRole('radio', { name: 'Flow counts' }))
    expect(screen.getByLabelText('From')).toHaveValue('2026-11-30')
    expect(screen.getByLabelText('To')).toHaveValue('2026-11-01')
    expect(screen.getByLabelText('From')).toHaveAccessibleDescription(/^Tallies of these days, by the day observed\./)

    await ui.clear(screen.getByLabelText('To'))
    await ui.type(screen.getByLabelText('To'), '2026-12-06')
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    await vi.waitFor(() => expect(downloads).toHaveLength(1))
    expect(downloads[0]!.url.pathname).toBe('/api/v1/export/flowCount.csv')
    expect(Object.fromEntries(downloads[0]!.url.searchParams)).toEqual({ from: '2026-11-30', to: '2026-12-06' })
    downloads[0]!.end()
    await screen.findByText(/^Saved: /)

    // one end alone: from that day on
    await ui.clear(screen.getByLabelText('To'))
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    await vi.waitFor(() => expect(downloads).toHaveLength(2))
    expect(Object.fromEntries(downloads[1]!.url.searchParams)).toEqual({ from: '2026-11-30' })
  })

  it('refuses a record export day that cannot be, or that the browser could not read, rather than export every date', async () => {
    const { downloads } = stubExportFetch()
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/exports' })
    await ui.click(await screen.findByRole('radio', { name: 'Surveys' }))
    const from = screen.getByLabelText('From')
    await ui.type(from, '1800-01-01')
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    expect(
      screen.getByText('Not a possible date: enter a day from 1900 to 2100, or leave it empty.'),
    ).toBeInTheDocument()
    expect(from).toHaveAttribute('aria-invalid', 'true')
    expect(from).toHaveFocus()
    expect(from).toHaveValue('1800-01-01')

    // a day half typed: a browser gives the field's value as empty, and says so in its validity
    await ui.clear(from)
    const to = screen.getByLabelText('To') as HTMLInputElement
    Object.defineProperty(to, 'validity', { value: { ...to.validity, badInput: true }, configurable: true })
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    expect(to).toHaveAttribute('aria-invalid', 'true')
    expect(to).toHaveAccessibleDescription(/Not a possible date: enter a day from 1900 to 2100, or leave it empty\.$/)
    expect(from).not.toHaveAttribute('aria-invalid')
    expect(downloads).toHaveLength(0)
  })

  it('cancels a download in progress: nothing is saved', async () => {
    const { downloads } = stubExportFetch()
    const saved = watchSaves()
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/exports' })
    await ui.click(await screen.findByRole('radio', { name: 'Flow counts' }))
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    await vi.waitFor(() => expect(downloads).toHaveLength(1))
    downloads[0]!.push(CSV)
    await screen.findByText(/^Downloading…/)
    await ui.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(await screen.findByText('Download cancelled. Nothing was saved.')).toBeInTheDocument()
    expect(saved).toEqual([])
    const downloadButton = screen.getByRole('button', { name: 'Download' })
    expect(downloadButton).not.toHaveAttribute('aria-disabled')
    // the Cancel button is gone: the focus is back on Download, not lost
    expect(downloadButton).toHaveFocus()
  })

  it('says it needs a connection when the phone is offline, without trying', async () => {
    const { fetch } = stubExportFetch()
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/exports' })
    // said as the screen opens, as the other server screens say it
    const download = await screen.findByRole('button', { name: 'Download' })
    expect(screen.getByText(/Download works once this phone is connected/)).toHaveTextContent(
      'Offline: exports are made on the server. Choose what you need: Download works once this phone is connected.',
    )
    await ui.click(download)
    expect(await screen.findByText('Offline: exports are made on the server.')).toBeInTheDocument()
    expect(screen.getByText('Connect this phone, then try again.')).toBeInTheDocument()
    expect(screen.queryByText(/Download works once/)).not.toBeInTheDocument()
    expect(fetch.mock.calls.filter(([url]) => String(url).includes('/export/'))).toEqual([])
  })

  it('says it needs a connection when the server cannot be reached, and when it refuses', async () => {
    let answer: Response | 'offline' = 'offline'
    stubExportFetch(() => answer)
    const saved = watchSaves()
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/exports' })
    await ui.click(await screen.findByRole('button', { name: 'Download' }))
    expect(await screen.findByText('Offline: exports are made on the server.')).toBeInTheDocument()

    answer = new Response(JSON.stringify({ error: 'forbidden', message: 'Your role may not do this' }), { status: 403 })
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The server refused this export: your role may not download it.',
    )
    expect(saved).toEqual([])
  })

  it('saves nothing by itself when the link comes back; Try again asks for the same file', async () => {
    const { downloads } = stubExportFetch()
    const saved = watchSaves()
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/exports' })
    await ui.click(await screen.findByRole('radio', { name: 'Flow counts' }))
    await ui.click(screen.getByRole('button', { name: 'Download' }))
    expect(await screen.findByText('Offline: exports are made on the server.')).toBeInTheDocument()

    onLine.mockReturnValue(true)
    act(() => {
      window.dispatchEvent(new Event('online'))
    })
    // a file, maybe of personal data, is saved only when someone asks for it
    await screen.findByRole('button', { name: 'Try again' })
    expect(downloads).toEqual([])
    await ui.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(downloads).toHaveLength(1))
    expect(downloads[0]!.url.pathname).toBe('/api/v1/export/flowCount.csv')
    downloads[0]!.push(CSV)
    downloads[0]!.end()
    expect(await screen.findByText(/^Saved: /)).toBeInTheDocument()
    expect(saved).toHaveLength(1)
  })

  it('is offered to supervisors and admins only', async () => {
    await renderApp({ role: 'registrar', path: '/exports' })
    expect(await screen.findByRole('heading', { name: /not found|Page/i })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Exports' })).not.toBeInTheDocument()
  })
})
