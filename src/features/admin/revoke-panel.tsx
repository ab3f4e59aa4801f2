/**
 * Revoking a phone in two steps: which way (each explained in plain words), then a
 * confirmation. Nothing is sent before "Yes, revoke". It revokes the row's user on that
 * phone, not the phone for everyone: a device id is shared by its users, and may be
 * copied onto another site's phone.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DeviceSummary, RevokeMode } from '@/shared/schemas/devices'
import { problemKey } from './problem-message'
import { useAdminApi } from './use-admin-api'

const MODES: readonly RevokeMode[] = ['wipe_after_upload', 'block']

interface RevokePanelProps {
  device: DeviceSummary
  /** The device's heading: the panel's controls are named after it. */
  labelledBy: string
  onRevoked(device: DeviceSummary, mode: RevokeMode, at: string): void
}

type Step = 'closed' | 'choose' | 'confirm'

export function RevokePanel({ device, labelledBy, onRevoked }: RevokePanelProps) {
  const { t } = useTranslation()
  const api = useAdminApi()
  const [step, setStep] = useState<Step>('closed')
  const [mode, setMode] = useState<RevokeMode>('wipe_after_upload')
  const [sending, setSending] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const legend = useRef<HTMLLegendElement>(null)
  const question = useRef<HTMLHeadingElement>(null)
  const opener = useRef<HTMLButtonElement>(null)
  // one device id may have several users: each row is a (device, user) pair
  const id = `revoke-${device.deviceId}-${device.user.id}`

  useEffect(() => {
    if (step === 'choose') legend.current?.focus()
    if (step === 'confirm') question.current?.focus()
  }, [step])

  const close = () => {
    setStep('closed')
    setProblem(null)
    requestAnimationFrame(() => opener.current?.focus())
  }

  async function revoke() {
    setSending(true)
    setProblem(null)
    const result = await api.revokeDevice(device.deviceId, device.user.id, mode)
    setSending(false)
    if (result.ok) onRevoked(device, mode, result.value.revokedAt ?? new Date().toISOString())
    else setProblem(t(problemKey(result.problem)))
  }

  if (step === 'closed') {
    return (
      <button
        type="button"
        className="danger"
        ref={opener}
        aria-describedby={labelledBy}
        onClick={() => setStep('choose')}
      >
        {t('admin.revoke.open')}
      </button>
    )
  }

  if (step === 'choose') {
    return (
      <div className="confirm-panel">
        <fieldset className="field choice-group">
          <legend tabIndex={-1} ref={legend}>
            {t('admin.revoke.how', { name: device.user.name })}
          </legend>
          {MODES.map((m) => (
            <label key={m} className="choice role-choice">
              <input
                type="radio"
                name={id}
                value={m}
                checked={mode === m}
                onChange={() => setMode(m)}
                aria-describedby={`${id}-${m}-about`}
              />
              <span>
                <span className="role-name">{t(`admin.revoke.mode.${m}`)}</span>
                <span className="hint" id={`${id}-${m}-about`}>
                  {t(`admin.revoke.about.${m}`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="button" className="danger" onClick={() => setStep('confirm')}>
            {t('admin.revoke.continue')}
          </button>
          <button type="button" onClick={close}>
            {t('admin.cancel')}
          </button>
        </div>
      </div>
    )
  }

  return (
    <div className="confirm-panel" role="group" aria-labelledby={`${id}-question`}>
      <h3 id={`${id}-question`} tabIndex={-1} ref={question}>
        {t(`admin.revoke.question.${mode}`, { name: device.user.name })}
      </h3>
      <p>{t(`admin.revoke.consequence.${mode}`)}</p>
      {problem && (
        <p className="form-problem" role="alert">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="button" className="danger" disabled={sending} onClick={() => void revoke()}>
          {sending ? t('admin.sending') : t('admin.revoke.confirm')}
        </button>
        <button type="button" disabled={sending} onClick={() => setStep('choose')}>
          {t('admin.revoke.back')}
        </button>
        <button type="button" disabled={sending} onClick={close}>
          {t('admin.cancel')}
        </button>
      </div>
    </div>
  )
}
