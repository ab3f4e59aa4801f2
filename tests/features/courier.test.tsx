/**
 * Courier sync on screen: the phone saves its waiting records to a file only the server can
 * read (they stay waiting), home reminds after three days, and anyone signed in carries a
 * file to the server and sees counts only.
 */
import { Blob as NodeBlob } from 'node:buffer'
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { pendingCount } from '@/data/outbox'
import { saveRecord } from '@/data/records'
import { cacheServerKey } from '@/session/session'
import { deviceDb } from '@/session/device-db'
import { openCourierBatch } from '@/shared/crypto/courier-file'
import { generateServerKeyPair, type ServerKeyPair } from '@/shared/crypto/server-keys'
import { courierContentSchema, courierFileSchema } from '@/shared/schemas/courier'
import { flowCount } from '../helpers/records'
import { fakeSession, renderApp } from './helpers/render-app'

let server: ServerKeyPair
beforeAll(async () => {
  server = await generateServerKeyPair()
})

afterEach(async () => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  await deviceDb().settings.clear()
})

const monitor = () => ({ ...fakeSession('monitor', ['MAD-FMP']), pushToken: 'p'.repeat(43) })

/** Catches the download: the blob the app hands to the browser, and the name it gives it. */
function catchDownloads() {
  const files: { blob: Blob; name: string }[] = []
  const blobs = new Map<string, Blob>()
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      const url = `blob:relais/${blobs.size}`
      blobs.set(url, blob)
      return url
    }),
    revokeObjectURL: vi.fn(),
  })
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    files.push({ blob: blobs.get(this.href)!, name: this.download })
  })
  return files
}

describe('saving for a courier', () => {
  it('writes every waiting record to a file only the server opens, and keeps them waiting', async () => {
    // jsdom's Blob has no stream(), which gzip (the browser's CompressionStream) reads from
    vi.stubGlobal('Blob', NodeBlob)
    const files = catchDownloads()
    const tally = flowCount({ siteCode: 'MAD-FMP' })
    const session = monitor()
    await cacheServerKey({ kid: server.kid, jwk: server.publicJwk, createdAt: new Date().toISOString(), active: true })
    const { user, db } = await renderApp({
      session,
      seed: async (db) => void (await saveRecord(db, 'flowCount', tally)),
    })
    await user.click(await screen.findByRole('button', { name: /1 waiting/ }))
    const panel = screen.getByRole('region', { name: 'Sync' })
    const button = within(panel).getByRole('button', { name: 'Send by someone else' })
    // never `disabled` while it saves: that would drop the keyboard's focus to the page's start
    const everDisabled = vi.fn()
    const watch = new MutationObserver(() => {
      if (button.hasAttribute('disabled')) everDisabled()
    })
    watch.observe(button, { attributes: true })
    await user.click(button)
    expect(
      await within(panel).findByText(/File saved: relais-mad-fmp-\d{4}-\d{2}-\d{2}-\d{4}\.relais\./),
    ).toBeInTheDocument()
    watch.disconnect()
    expect(everDisabled).not.toHaveBeenCalled()
    expect(button).toHaveFocus()
    expect(button).not.toHaveAttribute('aria-disabled')
    expect(within(panel).getByText(/Records in the file: 1\./)).toBeInTheDocument()
    expect(files).toHaveLength(1)
    const text = await files[0]!.blob.text()
    expect(text).not.toContain(tally.id)
    const file = courierFileSchema.parse(JSON.parse(text))
    expect(file.deviceId).toBe(session.deviceId)
    const content = courierContentSchema.parse(
      await openCourierBatch({ privateJwk: server.privateJwk, deviceId: file.deviceId, batch: file.batches[0]! }),
    )
    expect(content).toMatchObject({ userId: session.user.id, pushToken: session.pushToken })
    expect(content.mutations.map((m) => m.recordId)).toEqual([tally.id])
    // nothing leaves the phone's queue until the server answers it
    expect(await pendingCount(db)).toBe(1)
  })

  it('says the phone must reach the server once when it has never had the server’s key', async () => {
    const files = catchDownloads()
    const { user } = await renderApp({
      session: monitor(),
      seed: async (db) => void (await saveRecord(db, 'flowCount', flowCount({ siteCode: 'MAD-FMP' }))),
    })
    await user.click(await screen.findByRole('button', { name: /1 waiting/ }))
    await user.click(screen.getByRole('button', { name: 'Send by someone else' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This phone must connect to the server once (sign in with a connection) before it can save a file.',
    )
    expect(files).toHaveLength(0)
  })

  it('reminds on home when records have waited more than three days, not before', async () => {
    const old = await renderApp({
      session: monitor(),
      seed: async (db) => {
        await saveRecord(db, 'flowCount', flowCount({ siteCode: 'MAD-FMP' }), new Date(Date.now() - 4 * 86_400_000))
      },
    })
    const reminder = await screen.findByRole('region', { name: 'Records have waited for more than 3 days' })
    await waitFor(() => expect(within(reminder).getByRole('button', { name: 'Send by someone else' })).toBeEnabled())
    old.unmount()
    await renderApp({
      session: monitor(),
      seed: async (db) => {
        await saveRecord(db, 'flowCount', flowCount({ siteCode: 'MAD-FMP' }), new Date(Date.now() - 2 * 86_400_000))
      },
    })
    expect(await screen.findByRole('link', { name: 'Tally' })).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Records have waited for more than 3 days' })).toBeNull()
  })
})

describe('carrying a file to the server', () => {
  const answer = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
  const relaisFile = (content = '{"format":"relais-courier","v":1}') =>
    new File([content], 'relais-mad-fmp-2026-11-29-1403.relais', { type: '' })

  it('uploads the file as it is, with the carrier’s own sign-in, and shows counts only', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      answer(200, {
        fileId: '01890000-0000-7000-8000-0000000000f1',
        serverTime: new Date().toISOString(),
        counts: { applied: 2, merged: 1, conflict: 0, rejected: 1, duplicate: 3 },
        results: [],
      }),
    )
    const session = { ...fakeSession('supervisor', ['AGZ-TC']), token: 'carrier-token' }
    const { user } = await renderApp({ path: '/courier', session })
    await screen.findByRole('heading', { name: 'Upload a file from a phone' })
    await user.upload(screen.getByLabelText('File to send (.relais)'), relaisFile())
    await user.click(screen.getByRole('button', { name: 'Send to the server' }))
    const status = await screen.findByText('The server received the file.')
    const box = status.closest('div')!
    expect(box).toHaveTextContent('Accepted: 3')
    expect(box).toHaveTextContent('Refused: 1')
    expect(box).toHaveTextContent('Already received: 3')
    const [url, init] = fetch.mock.calls.find(([u]) => String(u).includes('/api/v1/courier'))!
    expect(String(url)).toBe('/api/v1/courier')
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer carrier-token')
    expect(init?.body).toBe('{"format":"relais-courier","v":1}')
  })

  it('refuses a file Relais did not write without sending it', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch')
    const { user } = await renderApp({ path: '/courier', role: 'registrar' })
    await screen.findByRole('heading', { name: 'Upload a file from a phone' })
    await user.upload(screen.getByLabelText('File to send (.relais)'), relaisFile('name,age\nAïcha,23'))
    await user.click(screen.getByRole('button', { name: 'Send to the server' }))
    expect(await screen.findByText('This is not a file written by Relais.')).toBeInTheDocument()
    expect(fetch.mock.calls.filter(([u]) => String(u).includes('/api/v1/courier'))).toHaveLength(0)
  })

  it('says in plain words why the server refused the file', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      answer(403, { error: 'sender_refused', message: 'x', reason: 'device_revoked' }),
    )
    const { user } = await renderApp({ path: '/courier', role: 'monitor', sites: ['MAD-FMP'], lang: 'fr' })
    await screen.findByRole('heading', { name: "Déposer un fichier d'un téléphone" })
    await user.upload(screen.getByLabelText('Fichier à envoyer (.relais)'), relaisFile())
    await user.click(screen.getByRole('button', { name: 'Envoyer au serveur' }))
    expect(
      await screen.findByText(/Le téléphone qui a écrit ce fichier ne peut plus envoyer de fiches/),
    ).toBeInTheDocument()
  })
})
