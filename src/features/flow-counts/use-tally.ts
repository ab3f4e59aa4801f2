/**
 * The tally's state: counts tapped on steppers, the running total, the nationality rows
 * with the unknown remainder the device stores, and the sum rules it breaks right now
 * (the shared `tallyProblems`, so the form refuses exactly what the server would).
 */
import { useCallback, useMemo } from 'react'
import { siteDateTimeInput, siteInputToIso } from '@/components/dates'
import { mergeKnown, useDraft } from '@/components/use-draft'
import {
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

export const TALLY_DRAFT_KEY = 'flowCount:new'

export const PEOPLE_FIELDS = ['men', 'women', 'boys', 'girls'] as const
export const OF_WHICH_FIELDS = [
  'unaccompaniedChildren',
  'childrenUnder5',
  'elderly',
  'pregnantWomen',
  'withDisability',
] as const
export type CountField = keyof FlowCounts

export interface NationalityRow {
  /** Stable React key of the row. */
  key: string
  country: string
  count: number
}

export interface TallyValues {
  siteCode: string
  observedAt: string
  direction: string
  transport: string
  departureCountry: string
  departureTown: string
  destinationCountry: string
  destinationTown: string
  flowType: string
  counts: FlowCounts
  nationalities: NationalityRow[]
}

export type TallyField = Exclude<keyof TallyValues, 'counts' | 'nationalities'> | CountField | `nationality-${number}`

export const zeroCounts = (): FlowCounts => ({
  men: 0,
  women: 0,
  boys: 0,
  girls: 0,
  unaccompaniedChildren: 0,
  childrenUnder5: 0,
  elderly: 0,
  pregnantWomen: 0,
  withDisability: 0,
})

export function emptyTally(now: Date = new Date()): TallyValues {
  return {
    siteCode: '',
    observedAt: siteDateTimeInput(now),
    direction: '',
    transport: '',
    departureCountry: '',
    departureTown: '',
    destinationCountry: '',
    destinationTown: '',
    flowType: '',
    counts: zeroCounts(),
    nationalities: [],
  }
}

let rowSeq = 0
export const newRowKey = (): string => `row-${Date.now().toString(36)}-${(rowSeq++).toString(36)}`

/** A stored draft, checked field by field (an older app version may have written it). */
function parseTallyDraft(stored: unknown, initial: TallyValues): TallyValues {
  const merged = mergeKnown(stored, initial)
  const counts = zeroCounts()
  const storedCounts =
    typeof merged.counts === 'object' && merged.counts !== null ? (merged.counts as Record<string, unknown>) : {}
  for (const k of Object.keys(counts) as CountField[]) {
    const n = storedCounts[k]
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) counts[k] = n
  }
  const nationalities = (Array.isArray(merged.nationalities) ? merged.nationalities : [])
    .filter(
      (r): r is NationalityRow =>
        typeof r === 'object' && r !== null && typeof r.country === 'string' && typeof r.count === 'number',
    )
    .map((r) => ({
      key: typeof r.key === 'string' ? r.key : newRowKey(),
      country: r.country,
      count: Math.max(0, Math.trunc(r.count)),
    }))
  return { ...merged, counts, nationalities }
}

/** Rows with a country chosen, as the schema's (country, count) pairs. */
function chosenRows(rows: readonly NationalityRow[]): NationalityCount[] {
  return rows.filter((r) => r.country !== '').map((r) => ({ country: r.country, count: r.count }))
}

/** The translation key of a broken sum rule. */
export function ruleKey(problem: TallyProblem): string {
  const [field] = problem.path
  if (problem.message === 'Count at least one person') return 'tally.rules.atLeastOne'
  if (field === 'nationalities') {
    return problem.message.includes('twice') ? 'tally.rules.nationalityTwice' : 'tally.rules.nationalitySum'
  }
  if (typeof field === 'string' && (OF_WHICH_FIELDS as readonly string[]).includes(field)) return `tally.rules.${field}`
  return 'tally.rules.total'
}

export interface TallyDerived {
  total: number
  /** Unknown remainder stored as `OOO` (0 when the known rows cover the total). */
  unknownRemainder: number
  /** Translation keys of the sum rules broken now, each once, with the field to fix. */
  rules: { field: string; key: string }[]
}

export function deriveTally(values: TallyValues): TallyDerived {
  const total = tallyTotal(values.counts)
  const rows = withUnknownRemainder(chosenRows(values.nationalities), total)
  const unknownRemainder = rows.find((r) => r.country === UNKNOWN_COUNTRY)?.count ?? 0
  const seen = new Set<string>()
  const rules = tallyProblems({ ...values.counts, total, nationalities: rows })
    .map((p) => ({ field: String(p.path[0] ?? 'total'), key: ruleKey(p) }))
    .filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)))
  return { total, unknownRemainder, rules }
}

export type TallyErrors = Partial<Record<string, string>>
export type TallyValidation = { ok: true; data: FlowCount } | { ok: false; errors: TallyErrors }

/** Builds the FlowCount and checks it with the shared schema; errors are translation keys. */
export function validateTally(values: TallyValues, ctx: { id: string; now: Date }): TallyValidation {
  const errors: TallyErrors = {}
  const text = (s: string) => (s.trim() === '' ? undefined : s.trim())
  const { total, rules } = deriveTally(values)
  for (const rule of rules) errors[rule.field] ??= rule.key
  values.nationalities.forEach((row, i) => {
    if (row.country === '' && row.count > 0) errors[`nationality-${i}`] = 'form.required'
  })
  const observedAt = siteInputToIso(values.observedAt)
  const at = ctx.now.toISOString()
  const candidate = Object.fromEntries(
    Object.entries({
      id: ctx.id,
      createdAt: at,
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
      ...values.counts,
      total,
      nationalities: withUnknownRemainder(chosenRows(values.nationalities), total),
    }).filter(([, v]) => v !== undefined),
  )
  const result = flowCountSchema.safeParse(candidate)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? 'form')
      if (errors[field] || field === 'total' || field === 'nationalities') continue // the rules say it better
      const raw = (values as unknown as Record<string, unknown>)[field]
      errors[field] =
        raw === '' || issue.code === 'invalid_type'
          ? 'form.required'
          : issue.code === 'too_big'
            ? 'form.tooLong'
            : 'form.invalid'
    }
  }
  if (result.success && Object.keys(errors).length === 0) return { ok: true, data: result.data }
  if (Object.keys(errors).length === 0) errors.form = 'form.invalid'
  return { ok: false, errors }
}

/** The tally form's state, kept in the `flowCount:new` draft. */
export function useTally() {
  const draft = useDraft<TallyValues>(TALLY_DRAFT_KEY, () => emptyTally(), parseTallyDraft)
  const { values, setValues } = draft
  const derived = useMemo(() => deriveTally(values), [values])

  const setField = useCallback(
    <K extends Exclude<keyof TallyValues, 'counts' | 'nationalities'>>(field: K, value: TallyValues[K]) =>
      setValues((v) => ({ ...v, [field]: value })),
    [setValues],
  )
  const setCount = useCallback(
    (field: CountField, value: number) => setValues((v) => ({ ...v, counts: { ...v.counts, [field]: value } })),
    [setValues],
  )
  const addNationality = useCallback(
    () =>
      setValues((v) => ({ ...v, nationalities: [...v.nationalities, { key: newRowKey(), country: '', count: 0 }] })),
    [setValues],
  )
  const updateNationality = useCallback(
    (key: string, patch: Partial<Omit<NationalityRow, 'key'>>) =>
      setValues((v) => ({ ...v, nationalities: v.nationalities.map((r) => (r.key === key ? { ...r, ...patch } : r)) })),
    [setValues],
  )
  const removeNationality = useCallback(
    (key: string) => setValues((v) => ({ ...v, nationalities: v.nationalities.filter((r) => r.key !== key) })),
    [setValues],
  )

  return { ...draft, derived, setField, setCount, addNationality, updateNationality, removeNationality }
}
