/**
 * A device's last sync problem, as the server keeps it, in the supervisor's words: refused
 * records counted, the push errors named, an unknown code named as such, in every language.
 */
import { describe, expect, it } from 'vitest'
import { deviceProblem } from '@/features/admin/device-problem'
import { i18n, setLanguage } from '@/i18n/i18n'

describe("a device's last problem", () => {
  it('says how many records the server refused, and what a push error means', async () => {
    await setLanguage('en')
    const t = i18n.t.bind(i18n)
    expect(deviceProblem(t, '1 rejected')).toBe('1 record refused by the server')
    expect(deviceProblem(t, '12 rejected')).toBe('12 records refused by the server')
    expect(deviceProblem(t, 'batch_too_large')).toBe('A batch too large for the server')
    expect(deviceProblem(t, 'device_revoked')).toBe('This phone was revoked')
    expect(deviceProblem(t, 'something_new')).toBe('Sync refused (something_new)')
  })

  it('never leaves the English of the server in French or Arabic', async () => {
    await setLanguage('fr')
    expect(deviceProblem(i18n.t.bind(i18n), '2 rejected')).toBe('2 fiches refusées par le serveur')
    await setLanguage('ar')
    expect(deviceProblem(i18n.t.bind(i18n), '2 rejected')).toBe('سجلان رفضهما الخادم')
    expect(deviceProblem(i18n.t.bind(i18n), '5 rejected')).toBe('5 سجلات رفضها الخادم')
  })
})
