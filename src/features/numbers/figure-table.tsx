/**
 * A table of figures: what screen readers and tests read (the chart beside it is
 * hidden from them). Counts are written for the language; a suppressed count "<5" as "< 5".
 */
import { useTranslation } from 'react-i18next'
import { intlLocale } from '@/i18n/languages'
import { SUPPRESSED } from '@/shared/schemas/stats'

export type Cell = string | number

interface FigureTableProps {
  caption: string
  head: readonly string[]
  rows: readonly (readonly Cell[])[]
  /** Columns from this index on are figures (right-aligned). */
  firstFigure: number
}

export function FigureTable({ caption, head, rows, firstFigure }: FigureTableProps) {
  const { t, i18n } = useTranslation()
  const format = new Intl.NumberFormat(intlLocale(i18n.resolvedLanguage ?? 'fr'))
  const cell = (value: Cell) =>
    value === SUPPRESSED ? t('numbers.lessThan5') : typeof value === 'number' ? format.format(value) : value
  return (
    // wider than a phone, it scrolls sideways: focusable, so that a keyboard can scroll it too
    <div className="figure-table" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={i >= firstFigure ? 'figure' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell(value)}
                  </th>
                ) : (
                  <td key={i} className={i >= firstFigure ? 'figure' : undefined}>
                    {cell(value)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
