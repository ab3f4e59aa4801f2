/**
 * A count tapped, not typed: big − and + buttons around a text field that keeps exactly
 * what was typed. A count that is not a whole number ≥ 0 is said at the field and the
 * buttons wait until it is fixed: nothing is rewritten behind the monitor's back.
 */
import type { Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_COUNT, parseCount } from './tally-values'

interface CountStepperProps {
  id: string
  label: string
  value: string
  onChange(value: string): void
  /** This field's own message (a translation already done). */
  error?: string | undefined
  /** Ids of group messages that concern this field too (e.g. the nationalities' sum). */
  describedBy?: readonly string[]
  /** The + button, for moving focus to it. */
  plusRef?: Ref<HTMLButtonElement>
}

export function CountStepper({ id, label, value, onChange, error, describedBy = [], plusRef }: CountStepperProps) {
  const { t } = useTranslation()
  const parsed = parseCount(value)
  const step = (by: number) => parsed.ok && onChange(String(Math.min(MAX_COUNT, Math.max(0, parsed.value + by))))
  const described = [error ? `${id}-error` : null, ...describedBy].filter(Boolean).join(' ')
  return (
    <div className={`stepper${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="stepper-controls">
        <button
          type="button"
          className="step"
          aria-label={t('tally.minusOne', { label })}
          onClick={() => step(-1)}
          disabled={!parsed.ok || parsed.value <= 0}
        >
          −
        </button>
        <input
          id={id}
          name={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="0"
          value={value}
          onFocus={(e) => e.target.select()}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error || describedBy.length > 0 ? true : undefined}
          aria-describedby={described || undefined}
        />
        <button
          type="button"
          className="step"
          ref={plusRef}
          aria-label={t('tally.plusOne', { label })}
          onClick={() => step(1)}
          disabled={!parsed.ok || parsed.value >= MAX_COUNT}
        >
          +
        </button>
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  )
}
