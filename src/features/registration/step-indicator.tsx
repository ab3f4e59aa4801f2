/** Where the registrar is in the form: every step, the current one marked (in words, not only by colour). */
import { useTranslation } from 'react-i18next'
import type { StepId } from './registration-steps'

export function StepIndicator({ steps, current }: { steps: readonly StepId[]; current: StepId }) {
  const { t } = useTranslation()
  const at = steps.indexOf(current)
  return (
    <nav aria-label={t('registration.stepsLabel')}>
      <ol className="step-indicator" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem 1rem', padding: 0 }}>
        {steps.map((step, i) => (
          <li
            key={step}
            aria-current={i === at ? 'step' : undefined}
            style={{
              listStyle: 'none',
              fontWeight: i === at ? 700 : 400,
              textDecoration: i === at ? 'underline' : 'none',
            }}
          >
            <span aria-hidden="true">{i < at ? '✓ ' : `${i + 1}. `}</span>
            {t(`registration.steps.${step}`)}
            {i < at && <span className="visually-hidden"> ({t('registration.stepDone')})</span>}
          </li>
        ))}
      </ol>
    </nav>
  )
}
