/** A count tapped, not typed: big − and + buttons around a number field. */
import { useTranslation } from 'react-i18next'

interface StepperProps {
  id: string
  label: string
  value: number
  onChange(value: number): void
  error?: string | undefined
  max?: number
}

export function Stepper({ id, label, value, onChange, error, max = 100_000 }: StepperProps) {
  const { t } = useTranslation()
  const set = (n: number) => onChange(Math.min(max, Math.max(0, Math.trunc(n))))
  return (
    <div className={`stepper${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="stepper-controls">
        <button
          type="button"
          className="step"
          aria-label={t('tally.minusOne', { label })}
          onClick={() => set(value - 1)}
          disabled={value <= 0}
        >
          −
        </button>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          step={1}
          value={value}
          onFocus={(e) => e.target.select()}
          onChange={(e) => set(e.target.value === '' ? 0 : Number(e.target.value) || 0)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button
          type="button"
          className="step"
          aria-label={t('tally.plusOne', { label })}
          onClick={() => set(value + 1)}
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
