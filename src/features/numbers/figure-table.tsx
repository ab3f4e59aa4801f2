/**
 * A table of figures: what screen readers and tests read (the chart beside it is
 * hidden from them). Counts are written for the language; a suppressed count "<5" as it is in the exports.
 * Made to fit a phone (few columns, rows grouped under their centre rather than a
 * column repeating it); one that still does not fit scrolls sideways, and then says so:
 * its box is named, takes the keyboard's focus, and shows shadows at the edges that hide
 * columns. The caption stands above that box, so that it wraps rather than scrolls.
 */
import { useId, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { useFormatNumber } from '@/components/use-format-number'
import { SUPPRESSED } from '@/shared/schemas/stats'

export type Cell = string | number
type Row = readonly Cell[]

/** Rows under a heading row of their own (a centre's name). */
export interface RowGroup {
  title: string
  rows: readonly Row[]
}

interface FigureTableProps {
  caption: string
  head: readonly string[]
  /** The rows, or the rows in groups. */
  rows: readonly Row[] | readonly RowGroup[]
  /** A last row of totals. */
  foot?: Row
  /** Columns from this index on are figures (aligned to the end of the line). */
  firstFigure: number
}

const isGroups = (rows: FigureTableProps['rows']): rows is readonly RowGroup[] =>
  rows.length > 0 && !Array.isArray(rows[0])

export function FigureTable({ caption, head, rows, foot, firstFigure }: FigureTableProps) {
  const { t } = useTranslation()
  const id = useId()
  const box = useRef<HTMLDivElement>(null)
  const scrolls = useScrollsSideways(box)
  const format = useFormatNumber()
  const text = (value: Cell) =>
    value === SUPPRESSED ? t('numbers.lessThan5') : typeof value === 'number' ? format(value) : value
  const cells = (row: Row) =>
    row.map((value, i) =>
      i === 0 ? (
        <th key={i} scope="row">
          {text(value)}
        </th>
      ) : (
        <td key={i} className={i >= firstFigure ? 'figure' : undefined}>
          {text(value)}
        </td>
      ),
    )
  const groups: readonly RowGroup[] = isGroups(rows) ? rows : [{ title: '', rows }]

  return (
    <div className="figure-table">
      <p id={`${id}-caption`} className="figure-caption">
        {caption}
      </p>
      {scrolls && (
        <p id={`${id}-scrolls`} className="hint figure-scrolls">
          {t('numbers.scrollsSideways')}
        </p>
      )}
      <div
        ref={box}
        className={scrolls ? 'figure-scroll scrolls' : 'figure-scroll'}
        // only a box that scrolls is a stop for the keyboard (its arrows scroll it) and a named region
        {...(scrolls
          ? { tabIndex: 0, role: 'region', 'aria-labelledby': `${id}-caption`, 'aria-describedby': `${id}-scrolls` }
          : {})}
      >
        <table aria-labelledby={`${id}-caption`}>
          <thead>
            <tr>
              {head.map((h, i) => (
                <th key={h} scope="col" className={i >= firstFigure ? 'figure' : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          {groups.map((group, g) => (
            <tbody key={g}>
              {group.title && (
                <tr className="figure-group">
                  <th scope="rowgroup" colSpan={head.length}>
                    {group.title}
                  </th>
                </tr>
              )}
              {group.rows.map((row, r) => (
                <tr key={r}>{cells(row)}</tr>
              ))}
            </tbody>
          ))}
          {foot && (
            <tfoot>
              <tr>{cells(foot)}</tr>
            </tfoot>
          )}
        </table>
      </div>
    </div>
  )
}

/** Whether the box is narrower than what it holds, followed as either changes size. */
function useScrollsSideways(box: RefObject<HTMLElement | null>): boolean {
  const [scrolls, setScrolls] = useState(false)
  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1)
    check()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(check)
    // the box (a phone turned) and the table (a longer text, another language)
    observer.observe(el)
    if (el.firstElementChild) observer.observe(el.firstElementChild)
    return () => observer.disconnect()
  }, [box])
  return scrolls
}
