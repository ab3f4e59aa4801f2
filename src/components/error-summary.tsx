/** The summary shown on a refused submit: one link per field, each moving focus to it. */
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

export interface SummaryItem {
  /** The id of the control to focus. */
  id: string
  label: string
  message: string
}

/** `attempt` changes on every refused submit: the summary takes focus again each time. */
export function ErrorSummary({ items, attempt }: { items: readonly SummaryItem[]; attempt: number }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (attempt > 0) ref.current?.focus()
  }, [attempt])
  if (items.length === 0) return null
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">
        <span aria-hidden="true">⚠ </span>
        {t('form.summaryTitle')}
      </h2>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <a
              href={`#${item.id}`}
              onClick={(e) => {
                e.preventDefault()
                const el = document.getElementById(item.id)
                el?.scrollIntoView?.({ block: 'center' })
                el?.focus()
              }}
            >
              {t('form.summaryItem', { label: item.label, message: item.message })}
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}
