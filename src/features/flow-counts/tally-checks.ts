/**
 * Every check of a tally, each problem on the field it concerns, as a translation key:
 * counts that are not whole numbers ≥ 0, and the sum rules of the shared `tallyProblems`
 * (placed by their stable rule codes; each as soon as its own counts are numbers, beside
 * the other counts' problems), live as the monitor taps; then the shared schema
 * on save, through react-hook-form's zod resolver, so the form refuses exactly what the
 * server would.
 */
import { zodResolver } from '@hookform/resolvers/zod'
import { z } from 'zod'
import { CLOCK_TOLERANCE_MS } from '@/components/clock-warning'
import { tooBigMessage } from '@/components/field-message'
import { numberMessage } from '@/components/whole-number'
import { siteDateTimeInput, siteInputToIso } from '@/components/dates'
import {
  FLOW_COUNT_RULES,
  flowCountSchema,
  tallyProblems,
  tallyTotal,
  withUnknownRemainder,
  type FlowCount,
  type FlowCounts,
  type NationalityCount,
  type TallyProblem,
} from '@/shared/schemas/flow-count'
import { UNKNOWN_COUNTRY } from '@/shared/schemas/common'
import type { RecordRule } from '@/shared/schemas/rule-issue'
import { siteDay } from '@/shared/site-time'
import {
  COUNT_FIELDS,
  parseCount,
  PEOPLE_FIELDS,
  type CountField,
  type ParsedCount,
  type TallyValues,
} from './tally-values'

/**
 * Where a problem stands: a field's path in the form's values, or a group's message
 * (`root.people` under the people's counts, `root.nationalities` under the nationality
 * counts, `root.form` for the tally as a whole).
 */
export type IssuePath = string
/** Problems by where they stand; each a translation key. */
export type TallyIssues = Record<IssuePath, string>

export const countPath = (field: CountField) => `counts.${field}`
export const nationalityPath = (i: number, part: 'country' | 'count') => `nationalities.${i}.${part}`

export interface TallyNumbers {
  counts: FlowCounts
  total: number
  /** The nationality rows as stored: the ones chosen, plus the unknown remainder (`OOO`). */
  nationalities: NationalityCount[]
  unknownRemainder: number
}

/** The tally's numbers, when every count typed is a whole number in range. */
export function tallyNumbers(values: TallyValues): TallyNumbers | null {
  const counts = {} as FlowCounts
  for (const f of COUNT_FIELDS) {
    const parsed = parseCount(values.counts[f])
    if (!parsed.ok) return null
    counts[f] = parsed.value
  }
  const rows: NationalityCount[] = []
  for (const row of values.nationalities) {
    const parsed = parseCount(row.count)
    if (!parsed.ok) return null
    if (row.country !== '') rows.push({ country: row.country, count: parsed.value })
  }
  const total = tallyTotal(counts)
  const nationalities = withUnknownRemainder(rows, total)
  const unknownRemainder = nationalities.find((r) => r.country === UNKNOWN_COUNTRY)?.count ?? 0
  return { counts, total, nationalities, unknownRemainder }
}

/** The running total: the counts typed as whole numbers (one being fixed counts 0 meanwhile). */
export function runningTotal(values: TallyValues): number {
  return tallyTotal({
    men: countOrZero(values.counts.men),
    women: countOrZero(values.counts.women),
    boys: countOrZero(values.counts.boys),
    girls: countOrZero(values.counts.girls),
  })
}

const countOrZero = (text: string) => {
  const parsed = parseCount(text)
  return parsed.ok ? parsed.value : 0
}

/** What is wrong with a count typed: digits grouped are said with the digits they make, the rest in the tally's words. */
function countMessage(parsed: ParsedCount & { ok: false }): string {
  const notWhole = 'tally.countNotWhole'
  return numberMessage(parsed, { notNumber: notWhole, notWhole, negative: notWhole, tooBig: 'tally.countTooBig' })
}

/** The translation key of a broken sum rule, from its shared code. */
export function ruleKey(problem: TallyProblem): string {
  const field = String(problem.path[0] ?? '')
  switch (problem.rule) {
    case 'count_at_least_one':
      return 'tally.rules.atLeastOne'
    case 'exceeds_children':
    case 'exceeds_adults':
    case 'exceeds_women_and_girls':
    case 'exceeds_total':
      return `tally.rules.${field}`
    case 'listed_twice':
      return 'tally.rules.nationalityTwice'
    case 'nationalities_mismatch':
      return 'tally.rules.nationalitySum'
    default:
      return 'tally.rules.total'
  }
}

/**
 * The problems to show while the monitor taps. "Count at least one person" and a
 * nationality counted without its country wait for a save (`attempted`): a tally being
 * tapped in is not a mistake yet.
 */
export function liveIssues(values: TallyValues, attempted: boolean): TallyIssues {
  const issues: TallyIssues = {}
  for (const f of COUNT_FIELDS) {
    const parsed = parseCount(values.counts[f])
    if (!parsed.ok) issues[countPath(f)] = countMessage(parsed)
  }
  values.nationalities.forEach((row, i) => {
    const parsed = parseCount(row.count)
    if (!parsed.ok) issues[nationalityPath(i, 'count')] = countMessage(parsed)
    else if (attempted && row.country === '' && parsed.value > 0)
      issues[nationalityPath(i, 'country')] = 'form.required'
  })
  for (const problem of checkableProblems(values)) {
    const key = ruleKey(problem)
    const field = String(problem.path[0] ?? '')
    if (problem.rule === 'listed_twice') {
      const seen = new Set<string>()
      values.nationalities.forEach((row, i) => {
        if (row.country === '' || countOrZero(row.count) === 0) return // as the stored rows
        if (seen.has(row.country)) issues[nationalityPath(i, 'country')] = key
        seen.add(row.country)
      })
    } else if (problem.rule === 'nationalities_mismatch') {
      issues['root.nationalities'] = key
    } else if ((COUNT_FIELDS as readonly string[]).includes(field)) {
      issues[countPath(field as CountField)] = key
    } else if (problem.rule !== 'count_at_least_one' || attempted) {
      issues['root.people'] = key
    }
  }
  return issues
}

const RULES: readonly RecordRule[] = Object.values(FLOW_COUNT_RULES)

/**
 * The sum rules broken, among those whose counts are all numbers: a rule waits only for
 * its own counts (elderly ≤ men + women is said while Boys is being fixed, not while Men
 * is). `total` stands for the four people's counts, `nationalities` for the rows' counts.
 */
function checkableProblems(values: TallyValues): TallyProblem[] {
  const unread = new Set<string>()
  const counts = {} as FlowCounts
  for (const f of COUNT_FIELDS) {
    const parsed = parseCount(values.counts[f])
    counts[f] = parsed.ok ? parsed.value : 0
    if (!parsed.ok) unread.add(f)
  }
  if (PEOPLE_FIELDS.some((f) => unread.has(f))) unread.add('total')
  const rows: NationalityCount[] = []
  for (const row of values.nationalities) {
    const parsed = parseCount(row.count)
    if (!parsed.ok) unread.add('nationalities')
    else if (row.country !== '') rows.push({ country: row.country, count: parsed.value })
  }
  const total = tallyTotal(counts)
  const problems = tallyProblems({ ...counts, total, nationalities: withUnknownRemainder(rows, total) })
  return problems.filter((problem) => {
    const rule = RULES.find((r) => r.code === problem.rule && r.fields[0] === problem.path[0])
    return rule !== undefined && rule.fields.every((field) => !unread.has(field))
  })
}

export interface TallyBase {
  id: string
  /** A correction keeps the tally's first save time. */
  createdAt?: string | undefined
  now: Date
  /** A correction stays on the day it was made for (the site's day). */
  onlyDay?: string | undefined
  /** A correction's time as stored: kept as is while the minute shown is not changed. */
  observedAt?: string | undefined
}

export type TallyBuild = { ok: true; data: FlowCount } | { ok: false; issues: TallyIssues }

/** The values with every count that is not a whole number in range read as 0. */
function withUnreadCountsAtZero(values: TallyValues): TallyValues {
  const readable = (text: string) => (parseCount(text).ok ? text : '0')
  const counts = { ...values.counts }
  for (const f of COUNT_FIELDS) counts[f] = readable(counts[f])
  const nationalities = values.nationalities.map((row) => ({ ...row, count: readable(row.count) }))
  return { ...values, counts, nationalities }
}

const TOP_FIELDS = new Set([
  'siteCode',
  'observedAt',
  'direction',
  'transport',
  'departureCountry',
  'departureTown',
  'destinationCountry',
  'destinationTown',
  'flowType',
])

/** Builds the FlowCount and checks it with the shared schema; every problem at its field. */
export function buildTally(values: TallyValues, base: TallyBase): TallyBuild {
  const issues = liveIssues(values, true)
  const unchanged = base.observedAt && siteDateTimeInput(new Date(base.observedAt)) === values.observedAt
  // a time the monitor left as the form opened with it: the save's own (the site's minute)
  const observedAt = !values.timeSet
    ? siteInputToIso(siteDateTimeInput(base.now))
    : unchanged
      ? base.observedAt
      : siteInputToIso(values.observedAt)
  if (observedAt && base.onlyDay && siteDay(new Date(observedAt)) !== base.onlyDay) {
    issues.observedAt = 'tally.onlyToday'
  } else if (observedAt && Date.parse(observedAt) > base.now.getTime() + CLOCK_TOLERANCE_MS) {
    // people not yet seen; a time a little ahead is a clock a little off, as the clock warning allows
    issues.observedAt = 'tally.inFuture'
  }
  const numbers = tallyNumbers(values)
  // counts not yet whole numbers stand at 0 meanwhile, only so that the route's problems
  // are said in the same summary as theirs (the tally is refused all the same)
  const checked = numbers ?? tallyNumbers(withUnreadCountsAtZero(values))
  if (!checked) return { ok: false, issues }
  const at = base.now.toISOString()
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim())
  const candidate = Object.fromEntries(
    Object.entries({
      id: base.id,
      createdAt: base.createdAt ?? at,
      updatedAt: at,
      siteCode: text(values.siteCode),
      observedAt,
      direction: text(values.direction),
      transport: text(values.transport),
      departureCountry: text(values.departureCountry),
      departureTown: text(values.departureTown),
      destinationCountry: text(values.destinationCountry),
      destinationTown: text(values.destinationTown),
      flowType: text(values.flowType),
      ...checked.counts,
      total: checked.total,
      nationalities: checked.nationalities,
    }).filter(([, v]) => v !== undefined),
  )
  const result = flowCountSchema.safeParse(candidate)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '')
      // the sum rules are placed above, by their codes
      if (field === 'total' || field === 'nationalities' || (COUNT_FIELDS as readonly string[]).includes(field)) {
        if (Object.keys(issues).length === 0) issues['root.form'] = 'form.invalid'
        continue
      }
      const path = TOP_FIELDS.has(field) ? field : 'root.form'
      if (issues[path]) continue
      const raw = TOP_FIELDS.has(field) ? (values as unknown as Record<string, string>)[field] : undefined
      const rule = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined
      issues[path] =
        raw === undefined || raw.trim() === '' || issue.code === 'invalid_type'
          ? 'form.required'
          : rule === 'event_day'
            ? 'form.impossibleDate'
            : issue.code === 'too_big'
              ? tooBigMessage(issue)
              : 'form.invalid'
    }
  }
  if (numbers && result.success && Object.keys(issues).length === 0) return { ok: true, data: result.data }
  if (Object.keys(issues).length === 0) issues['root.form'] = 'form.invalid'
  return { ok: false, issues }
}

const text = z.string()
const countTexts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, text])) as Record<CountField, typeof text>

/** The shape of the form's values: text everywhere, so that any draft can be restored. */
export const tallyValuesSchema = z.object({
  siteCode: text,
  observedAt: text,
  timeSet: z.boolean(),
  direction: text,
  transport: text,
  departureCountry: text,
  departureTown: text,
  destinationCountry: text,
  destinationTown: text,
  flowType: text,
  counts: z.object(countTexts),
  nationalities: z.array(z.object({ country: text, count: text })),
})

/** react-hook-form's resolver: buildTally's problems, each at its path. */
export function tallyResolver(base: () => TallyBase) {
  const schema = tallyValuesSchema.superRefine((values, ctx) => {
    const built = buildTally(values, base())
    if (built.ok) return
    for (const [path, key] of Object.entries(built.issues)) {
      ctx.addIssue({
        code: 'custom',
        path: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: key,
      })
    }
  })
  return zodResolver(schema)
}
