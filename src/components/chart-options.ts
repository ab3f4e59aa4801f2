/**
 * What the app's charts hand uPlot: their options and data (Numbers' charts, and Today's
 * week, which is a chart of day lines too). Apart from the charts, so that they are read
 * without uPlot's code (which needs a screen).
 * Counts of people get whole-number ticks only; day labels and category labels are
 * spaced by their width, so that they never overlap on a phone.
 */
import type uPlot from 'uplot'

/** The charts' height in CSS pixels; their width is their box's. */
export const CHART_HEIGHT = 220
const INK = '#1b2a33'
const GRID = '#d5dde2'
const PAPER = '#fff'
const COLOURS = ['#0f4c5c', '#b34700', '#5b3a8c', '#2e7d32']

/**
 * What tells the lines apart besides their colour, for a colour-blind eye, a printout in
 * black and white or a high-contrast screen: each line's dash, and its days' dots filled
 * or open. The legend's marker of a line repeats both: its border drawn as the line is
 * (`border`, a CSS border style), filled as its dots are.
 */
const LINE_CUES = [
  { dash: [], border: 'solid', filled: true },
  { dash: [8, 4], border: 'dashed', filled: false },
  { dash: [2, 3], border: 'dotted', filled: true },
  { dash: [12, 3, 3, 3], border: 'dashed', filled: false },
] as const satisfies readonly { dash: number[]; border: string; filled: boolean }[]

const cueOf = (i: number) => LINE_CUES[i % LINE_CUES.length]!
const colourOf = (i: number) => COLOURS[i % COLOURS.length]!

/** Axis labels: uPlot's default size, spelt out so that their width can be told ahead. */
const FONT_PX = 12
const AXIS_FONT = `${FONT_PX}px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`
/** Room between two axis labels, in CSS pixels. */
const LABEL_GAP = 14
/** A category's label on a bar chart's axis is cut after this many characters (the table has it whole). */
const MAX_LABEL_CHARS = 14

/**
 * The steps between ticks, in whole units. uPlot takes a step under 5 only from its own
 * list of decimal steps (1, 2, 2.5…); 3 or 4 would never be chosen.
 */
const DAY_STEPS = [1, 2, 5, 7, 14, 28, 56, 91, 182, 364]
export const COUNT_STEPS = [0, 1, 2, 3, 4, 5, 6]
  .flatMap((e) => [1, 2, 2.5, 5].map((m) => m * 10 ** e))
  .filter(Number.isInteger)

/**
 * The bidi controls (ALM, LRM, RLM, embeddings, isolates) that Intl writes into Arabic
 * dates ("1\u200F/12"). A canvas draws its text in one direction, and around an RLM the
 * digits and slash come out of order ("112/" for "1/12").
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/** A label as a canvas may draw it: the same text without bidi controls ("1/12" in Arabic too). */
export function canvasLabel(text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}

/**
 * About how wide `text` is drawn in the axis font: no canvas to measure it with here, and
 * it only has to keep labels apart (digits and Latin letters are about 0.55 em wide).
 */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * FONT_PX * 0.6)
}

/** The counts' scale: from 0 to a little above the highest count (a point at the top is drawn whole). */
export function countRange(max: number | null): uPlot.Range.MinMax {
  return [0, Math.max(4, Math.ceil((max ?? 0) * 1.1))]
}

/** An axis in the chart's colours; `format` writes its values. */
function axis(extra: Partial<uPlot.Axis>): uPlot.Axis {
  return {
    stroke: INK,
    font: AXIS_FONT,
    grid: { stroke: GRID, width: 1 },
    ticks: { stroke: GRID, width: 1 },
    ...extra,
  }
}

/** The axis of counts of people: whole numbers only, written for the language. */
function countAxis(formatCount: (n: number) => string): uPlot.Axis {
  return axis({ size: 50, incrs: COUNT_STEPS, values: (_u, ticks) => ticks.map(formatCount) })
}

export interface DayLinesProps {
  /** The label of each day of the range, in order ("8 nov."). */
  days: string[]
  /** One line per direction; null: no tally that day (a gap in the line, not a zero). */
  series: { label: string; values: (number | null)[] }[]
  /** The legend's name of the days ("Day"). */
  dayWord: string
  formatCount(n: number): string
  /** In CSS pixels; CHART_HEIGHT when not given. */
  height?: number
}

/**
 * One line per series over the days. The x values are the days' places in the range,
 * named by their day on the axis and in the legend. The legend names the lines; it gives
 * the day and its figures only while a day is pointed at (never "Day: --").
 */
export function dayLinesOptions(
  { days, series, dayWord, formatCount, height = CHART_HEIGHT }: DayLinesProps,
  width: number,
): uPlot.Options {
  const labels = days.map(canvasLabel)
  const dayOf = (i: number | null) => (i !== null && Number.isInteger(i) ? (labels[i] ?? '') : '')
  const widest = Math.max(0, ...labels.map(labelWidth))
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)))
  return {
    width,
    height,
    // room on the right for half the last day's label
    padding: [null, Math.ceil(widest / 2) + 4, null, null],
    scales: {
      // half a day on each side: the first and last days' points are drawn whole
      x: { time: false, range: [-0.5, Math.max(0.5, days.length - 0.5)] },
      y: { range: () => countRange(max) },
    },
    axes: [
      axis({ space: widest + LABEL_GAP, incrs: DAY_STEPS, values: (_u, ticks) => ticks.map(dayOf) }),
      countAxis(formatCount),
    ],
    // a line's marker in the legend: its border as the line is drawn, filled as its dots (the day row has none)
    legend: {
      markers: {
        width: 2,
        dash: (_u, i) => (i > 0 ? cueOf(i - 1).border : 'solid'),
        stroke: (_u, i) => (i > 0 ? colourOf(i - 1) : INK),
        fill: (_u, i) => (i > 0 && cueOf(i - 1).filled ? colourOf(i - 1) : PAPER),
      },
    },
    series: [
      { label: dayWord, value: (_u, _raw, _s, idx) => dayOf(idx) },
      ...series.map((s, i): uPlot.Series => ({
        label: s.label,
        stroke: colourOf(i),
        width: 2,
        dash: [...cueOf(i).dash],
        points: {
          show: days.length <= 31,
          size: 8,
          width: 2,
          stroke: colourOf(i),
          fill: cueOf(i).filled ? colourOf(i) : PAPER,
        },
        // nothing pointed at: the name alone; a day without a tally: a dash
        value: (_u, raw, _s, idx) => (idx === null ? '' : raw === null ? '–' : formatCount(raw)),
      })),
    ],
  }
}

export function dayLinesData({ days, series }: Pick<DayLinesProps, 'days' | 'series'>): uPlot.AlignedData {
  return [days.map((_, i) => i), ...series.map((s) => s.values)]
}

export interface BarsProps {
  /** Each bar's category, as the table names it. */
  labels: string[]
  values: number[]
  /** The one series' name. */
  label: string
  formatCount(n: number): string
}

/** `text` cut to `MAX_LABEL_CHARS` characters. */
const shortLabel = (text: string) =>
  [...text].length > MAX_LABEL_CHARS
    ? `${[...text]
        .slice(0, MAX_LABEL_CHARS - 1)
        .join('')
        .trimEnd()}…`
    : text

/**
 * One bar per category. Labels lie flat while each fits under its bar; otherwise they
 * slant, ending under their bar, cut after a few words.
 */
export function barOptions(
  { labels, values, label, formatCount }: BarsProps,
  width: number,
  bars?: uPlot.Series.PathBuilder,
): uPlot.Options {
  // the plot is the width less the count axis
  const slot = (width - 60) / Math.max(1, labels.length)
  const drawn = labels.map(canvasLabel)
  const flat = drawn.every((l) => labelWidth(l) + LABEL_GAP <= slot)
  const names = flat ? drawn : drawn.map(shortLabel)
  const widest = Math.max(0, ...names.map(labelWidth))
  return {
    width,
    height: CHART_HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: [-0.5, labels.length - 0.5] },
      y: { range: () => countRange(Math.max(0, ...values)) },
    },
    axes: [
      axis({
        splits: () => labels.map((_, i) => i),
        values: (_u, splits) => splits.map((i) => names[i] ?? ''),
        // slanted 45°: the label's height is its width × sin 45° (plus the tick and a gap)
        rotate: flat ? 0 : 45,
        size: flat ? 40 : Math.ceil(widest * Math.SQRT1_2 + FONT_PX + 20),
        grid: { show: false },
      }),
      countAxis(formatCount),
    ],
    series: [
      {},
      {
        label,
        fill: COLOURS[0],
        stroke: COLOURS[0],
        ...(bars ? { paths: bars } : {}),
        points: { show: false },
      },
    ],
  }
}

export function barData({ labels, values }: Pick<BarsProps, 'labels' | 'values'>): uPlot.AlignedData {
  return [labels.map((_, i) => i), values]
}
