/**
 * The per-device settings the user may change, their bounds, and how the screen checks
 * what was typed. The app provides `DeviceSettings` (saving, storage); the screen only
 * uses it.
 */
import { numberMessage } from '@/components/whole-number'
import { readWholeNumber } from '@/shared/text/whole-number'

export interface SettingsValues {
  /** Minutes without input before the app locks. */
  idleLockMinutes: number
  /** Days a closed, synced case stays on this phone. */
  retentionDays: number
}

export interface DeviceSettings {
  load(): Promise<SettingsValues>
  /** Saves on this device and applies at once. */
  save(values: SettingsValues): Promise<void>
  storageEstimate(): Promise<{ usage: number; quota: number } | null>
  /** Whether the browser granted persistent storage; null when it cannot say. */
  storagePersisted(): Promise<boolean | null>
  /** After the server accepted the signed-in user's new passphrase: re-wraps their vault with it. */
  changePassphrase(newPassphrase: string): Promise<void>
}

export type SettingsField = keyof SettingsValues

export const SETTING_BOUNDS: Record<SettingsField, { min: number; max: number }> = {
  idleLockMinutes: { min: 1, max: 60 },
  retentionDays: { min: 7, max: 365 },
}

/** What the inputs hold: text, as typed. */
export type SettingsInput = Record<SettingsField, string>
export type SettingsErrors = Partial<Record<SettingsField, string>>

export type SettingsValidation = { ok: true; values: SettingsValues } | { ok: false; errors: SettingsErrors }

const ERROR_KEYS: Record<SettingsField, string> = {
  idleLockMinutes: 'settings.idleLockRange',
  retentionDays: 'settings.retentionRange',
}

/**
 * Whole numbers within the bounds, read as every form reads one (the phone's digits,
 * Arabic ones too); errors are translation keys, the field's range for most mistakes.
 */
export function validateSettings(input: SettingsInput): SettingsValidation {
  const errors: SettingsErrors = {}
  const values: Partial<SettingsValues> = {}
  for (const field of Object.keys(SETTING_BOUNDS) as SettingsField[]) {
    const { min, max } = SETTING_BOUNDS[field]
    const read = readWholeNumber(input[field], max)
    const range = ERROR_KEYS[field]
    if (read.ok && read.value >= min) values[field] = read.value
    else if (read.ok) errors[field] = range
    else errors[field] = numberMessage(read, { notNumber: range, notWhole: range, negative: range, tooBig: range })
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values: values as SettingsValues }
}
