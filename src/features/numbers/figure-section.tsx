/** One section of the Numbers screen: a titled region holding a chart and its table. */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export function FigureSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="numbers-section">
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  )
}

export function NoFigures() {
  const { t } = useTranslation()
  return <p className="hint">{t('numbers.none')}</p>
}
