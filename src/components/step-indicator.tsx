/**
 * Where the user is in a form of several steps (registration, survey): every step, the
 * current one marked in words, not only by colour, and the ones behind ticked.
 */
import { useTranslation } from 'react-i18next'

interface StepIndicatorProps<Id extends string> {
  /** what the list is, for screen readers ("Steps", "Pages") */
  label: string
  steps: readonly Id[]
  current: Id
  stepLabel(step: Id): string
}

export function StepIndicator<Id extends string>({ label, steps, current, stepLabel }: StepIndicatorProps<Id>) {
  const { t } = useTranslation()
  const at = steps.indexOf(current)
  return (
    <nav aria-label={label}>
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
            {stepLabel(step)}
            {i < at && <span className="visually-hidden"> ({t('drafts.stepDone')})</span>}
          </li>
        ))}
      </ol>
    </nav>
  )
}
