/**
 * One Flow Monitoring Registry tally (DTM) at a flow monitoring point. The sum rules
 * live here, as refinements, so that the tally form, IndexedDB rows, pushes and the
 * server all refuse the same broken tallies with the same field paths.
 */
import { z } from 'zod'
import { addRuleIssue } from './rule-issue'
import { DIRECTIONS, FLOW_TYPES, TRANSPORT_MODES } from './codes'
import {
  countSchema,
  countryCodeSchema,
  eventTimestampSchema,
  recordMetaShape,
  textSchema,
  UNKNOWN_COUNTRY,
} from './common'

export const nationalityCountSchema = z.strictObject({
  country: countryCodeSchema,
  count: z.int().min(1).max(100_000),
})
export type NationalityCount = z.infer<typeof nationalityCountSchema>

const countFields = {
  men: countSchema,
  women: countSchema,
  boys: countSchema,
  girls: countSchema,
  unaccompaniedChildren: countSchema,
  childrenUnder5: countSchema,
  elderly: countSchema,
  pregnantWomen: countSchema,
  withDisability: countSchema,
}
export type FlowCounts = { [K in keyof typeof countFields]: number }

export const flowCountSchema = z
  .strictObject({
    ...recordMetaShape,
    observedAt: eventTimestampSchema,
    direction: z.enum(DIRECTIONS),
    transport: z.enum(TRANSPORT_MODES),
    departureCountry: countryCodeSchema,
    departureTown: textSchema(100).optional(),
    destinationCountry: countryCodeSchema,
    destinationTown: textSchema(100).optional(),
    flowType: z.enum(FLOW_TYPES),
    ...countFields,
    /** men + women + boys + girls, stored so that exports need no arithmetic. */
    total: z.int().min(1),
    nationalities: z.array(nationalityCountSchema).min(1).max(60),
  })
  .superRefine((tally, ctx) => {
    for (const { rule, path, message } of tallyProblems(tally)) addRuleIssue(ctx, rule, path, message)
  })

export type FlowCount = z.infer<typeof flowCountSchema>

export interface TallyProblem {
  /** A stable code for the rule (rule-issue.ts). */
  rule: string
  path: (string | number)[]
  message: string
}

export function tallyTotal(c: Pick<FlowCounts, 'men' | 'women' | 'boys' | 'girls'>): number {
  return c.men + c.women + c.boys + c.girls
}

/** The sum rules of data-model.md that a tally breaks, each on the field to fix. */
export function tallyProblems(
  tally: FlowCounts & { total: number; nationalities: readonly NationalityCount[] },
): TallyProblem[] {
  const problems: TallyProblem[] = []
  const total = tallyTotal(tally)
  const children = tally.boys + tally.girls
  if (total < 1) problems.push({ rule: 'count_at_least_one', path: ['total'], message: 'Count at least one person' })
  if (tally.total !== total)
    problems.push({ rule: 'total_mismatch', path: ['total'], message: 'Total must equal men + women + boys + girls' })
  if (tally.unaccompaniedChildren > children) {
    problems.push({
      rule: 'exceeds_children',
      path: ['unaccompaniedChildren'],
      message: 'Unaccompanied children cannot exceed boys + girls',
    })
  }
  if (tally.childrenUnder5 > children) {
    problems.push({
      rule: 'exceeds_children',
      path: ['childrenUnder5'],
      message: 'Children under 5 cannot exceed boys + girls',
    })
  }
  if (tally.elderly > tally.men + tally.women) {
    problems.push({ rule: 'exceeds_adults', path: ['elderly'], message: 'Elderly cannot exceed men + women' })
  }
  if (tally.pregnantWomen > tally.women + tally.girls) {
    problems.push({
      rule: 'exceeds_women_and_girls',
      path: ['pregnantWomen'],
      message: 'Pregnant women cannot exceed women + girls',
    })
  }
  if (tally.withDisability > total) {
    problems.push({
      rule: 'exceeds_total',
      path: ['withDisability'],
      message: 'Persons with disability cannot exceed the total',
    })
  }
  const countries = tally.nationalities.map((n) => n.country)
  if (new Set(countries).size !== countries.length) {
    problems.push({ rule: 'listed_twice', path: ['nationalities'], message: 'A nationality is listed twice' })
  }
  const byNationality = tally.nationalities.reduce((sum, n) => sum + n.count, 0)
  if (byNationality !== total) {
    problems.push({
      rule: 'nationalities_mismatch',
      path: ['nationalities'],
      message: 'Nationality counts must add up to the total',
    })
  }
  return problems
}

/**
 * The nationality rows a device stores: the ones the monitor entered, plus the
 * remainder up to the total as an explicit unknown (`OOO`) row.
 */
export function withUnknownRemainder(rows: readonly NationalityCount[], total: number): NationalityCount[] {
  const known = rows.filter((r) => r.country !== UNKNOWN_COUNTRY && r.count > 0)
  const remainder = total - known.reduce((sum, r) => sum + r.count, 0)
  // a negative remainder is left for tallyProblems to report: the monitor must fix it
  return remainder > 0 ? [...known, { country: UNKNOWN_COUNTRY, count: remainder }] : known
}
