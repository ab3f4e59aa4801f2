/**
 * Settings of this phone, for every signed-in role: when the app locks itself, how long
 * closed cases stay, and how much storage Relais uses. Saved per device, applied at once.
 * Below them, the signed-in user changes their own passphrase (online).
 */
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { InstallButton } from '@/components/install-prompt'
import { ErrorSummary, type SummaryItem } from '@/components/error-summary'
import { sayMessage } from '@/components/field-message'
import { TextField } from '@/components/form-fields'
import { SavedNotice } from '@/components/saved-notice'
import {
  validateSettings,
  type DeviceSettings,
  type SettingsErrors,
  type SettingsField,
  type SettingsInput,
} from './device-settings'
import { ChangePasswordForm } from './change-password-form'
import { ContrastSetting } from './contrast-setting'
import { StorageInfo } from './storage-info'
import { BusyButton } from '@/components/busy-button'

const FIELDS: SettingsField[] = ['idleLockMinutes', 'retentionDays']
const fieldId = (field: SettingsField) => `settings-${field}`
const LABEL_KEYS: Record<SettingsField, string> = {
  idleLockMinutes: 'settings.idleLock',
  retentionDays: 'settings.retention',
}
const HINT_KEYS: Record<SettingsField, string> = {
  idleLockMinutes: 'settings.idleLockHint',
  retentionDays: 'settings.retentionHint',
}

export function SettingsScreen({ settings }: { settings: DeviceSettings }) {
  const { t } = useTranslation()
  const [input, setInput] = useState<SettingsInput | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [saved, setSaved] = useState(false)
  const [saveFailed, setSaveFailed] = useState(false)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    let cancelled = false
    void settings
      .load()
      .catch(() => ({ idleLockMinutes: 5, retentionDays: 90 }))
      .then((values) => {
        if (!cancelled) {
          setInput({ idleLockMinutes: String(values.idleLockMinutes), retentionDays: String(values.retentionDays) })
        }
      })
    return () => {
      cancelled = true
    }
  }, [settings])

  if (!input) return <p role="status">{t('app.loading')}</p>

  // after a refused save, the messages follow the typing
  const validation = validateSettings(input)
  const errors: SettingsErrors = attempt > 0 && !validation.ok ? validation.errors : {}
  const summary: SummaryItem[] = FIELDS.filter((f) => errors[f]).map((f) => ({
    id: fieldId(f),
    label: t(LABEL_KEYS[f]),
    message: sayMessage(t, errors[f] as string),
  }))

  const set = (field: SettingsField) => (value: string) => {
    setSaved(false)
    setInput((i) => (i ? { ...i, [field]: value } : i))
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setSaveFailed(false)
    if (!validation.ok) {
      setAttempt((a) => a + 1)
      return
    }
    setSaving(true)
    try {
      await settings.save(validation.values)
      setSaved(true)
    } catch {
      setSaveFailed(true)
    } finally {
      setSaving(false)
    }
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <InstallButton />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary items={summary} attempt={attempt} />
        {saveFailed && (
          <p className="form-problem" role="alert">
            {t('settings.saveFailed')}
          </p>
        )}
        {FIELDS.map((field) => (
          <TextField
            key={field}
            id={fieldId(field)}
            label={t(LABEL_KEYS[field])}
            inputMode="numeric"
            autoComplete="off"
            value={input[field]}
            onChange={set(field)}
            error={errors[field] ? sayMessage(t, errors[field]) : undefined}
            hint={t(HINT_KEYS[field])}
            required
          />
        ))}
        <div className="form-actions">
          <BusyButton type="submit" className="primary" busy={saving}>
            {saving ? t('form.saving') : t('settings.save')}
          </BusyButton>
        </div>
        <SavedNotice show={saved} message={t('settings.saved')} />
      </form>
      <ContrastSetting />
      <StorageInfo settings={settings} />
      <ChangePasswordForm changePassphrase={settings.changePassphrase} />
    </section>
  )
}
