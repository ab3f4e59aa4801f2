/**
 * A conflict's values are set apart from the sentence around them (bdi): in Arabic, a phone
 * number's digit groups would otherwise be drawn in reverse order ("67 45 23 91 227+"), and
 * a value is shown exactly as typed, markup-like characters included.
 */
import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { stubApi } from './admin/fake-api'
import { registrationConflict } from './helpers/problem-records'
import { renderApp } from './helpers/render-app'

afterEach(() => vi.restoreAllMocks())

const base = namedRegistration({ id: '01a24d94-bc3a-7000-8000-0000000000c1', caseNumber: 'AGZ-H9-0003' })

function stubConflict() {
  stubApi({
    'GET /api/v1/rejections': { status: 200, body: { records: [] } },
    'GET /api/v1/quarantine': { status: 200, body: { records: [] } },
    'GET /api/v1/conflicts': {
      status: 200,
      body: [
        registrationConflict(base, {
          server: { phone: '+227 96 00 00 01', occupation: 'Driver <b>& mechanic</b> <5' },
          incoming: { phone: '+227 91 23 45 67', occupation: 'Driver' },
        }),
      ],
    },
  })
}

describe('a conflict’s values', () => {
  it('are each isolated from the sentence, in Arabic', async () => {
    stubConflict()
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'ar' })
    const phone = await screen.findByRole('group', { name: 'الهاتف' })
    const [incoming, server] = within(phone).getAllByRole('radio')
    expect(incoming!.closest('label')!.querySelector('bdi')).toHaveTextContent(/^\+227 91 23 45 67$/)
    expect(server!.closest('label')!.querySelector('bdi')).toHaveTextContent(/^\+227 96 00 00 01$/)
  })

  it('flow in their sentence, one box beside the radio (a value of its own is cut mid-word on a narrow screen)', async () => {
    stubConflict()
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'ar' })
    const occupation = await screen.findByRole('group', { name: 'المهنة' })
    for (const radio of within(occupation).getAllByRole('radio')) {
      const label = radio.closest('label')!
      // a .choice label lays out its children side by side: the radio, then the whole sentence
      expect([...label.children].map((child) => child.tagName)).toEqual(['INPUT', 'SPAN'])
      expect(label.children[1]!.querySelector('bdi')).not.toBeNull()
    }
  })

  it('keep the sentence’s words in English, and show a value exactly as typed', async () => {
    stubConflict()
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'] })
    const phone = await screen.findByRole('group', { name: 'Phone' })
    expect(within(phone).getByLabelText("Sent from Ibrahim Sani's phone: +227 91 23 45 67")).toBeInTheDocument()
    expect(within(phone).getByLabelText('On the server: +227 96 00 00 01')).toBeInTheDocument()
    const occupation = screen.getByRole('group', { name: 'Occupation' })
    expect(within(occupation).getByLabelText('On the server: Driver <b>& mechanic</b> <5')).toBeInTheDocument()
  })

  it('keep the French sentence, its elision included', async () => {
    stubConflict()
    await renderApp({ path: '/problems', role: 'supervisor', sites: ['AGZ-TC'], lang: 'fr' })
    const phone = await screen.findByRole('group', { name: 'Téléphone' })
    expect(within(phone).getByLabelText("Envoyé du téléphone d'Ibrahim Sani : +227 91 23 45 67")).toBeInTheDocument()
    expect(within(phone).getByLabelText('Sur le serveur : +227 96 00 00 01')).toBeInTheDocument()
  })
})
