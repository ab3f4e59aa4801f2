/**
 * One Flow Monitoring Registry tally (DTM) at a flow monitoring point. The sum rules
 * live here, as refinements, so that the tally form, IndexedDB rows, pushes and the
 * server all refuse the same broken tallies with the same field paths.
 */
import { z } from 'zod'
import { addRuleIssue, recordRule, type RecordRule } from './rule-issue'
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

const PEOPLE = ['men', 'women', 'boys', 'girls']

/** The sum rules of data-model.md, in words (GET /api/v1/schema): tallyProblems checks each, on its first field. */
export const FLOW_COUNT_RULES = {
  atLeastOne: recordRule('count_at_least_one', ['total', ...PEOPLE], 'men + women + boys + girls is at least 1'),
  total: recordRule('total_mismatch', ['total', ...PEOPLE], 'total equals men + women + boys + girls'),
  unaccompanied: recordRule(
    'exceeds_children',
    ['unaccompaniedChildren', 'boys', 'girls'],
    'unaccompaniedChildren is at most boys + girls',
  ),
  under5: recordRule('exceeds_children', ['childrenUnder5', 'boys', 'girls'], 'childrenUnder5 is at most boys + girls'),
  elderly: recordRule('exceeds_adults', ['elderly', 'men', 'women'], 'elderly is at most men + women'),
  pregnant: recordRule(
    'exceeds_women_and_girls',
    ['pregnantWomen', 'women', 'girls'],
    'pregnantWomen is at most women + girls',
  ),
  disability: recordRule(
    'exceeds_total',
    ['withDisability', ...PEOPLE],
    'withDisability is at most men + women + boys + girls',
  ),
  nationalityOnce: recordRule('listed_twice', ['nationalities'], 'each country appears at most once in nationalities'),
  nationalities: recordRule(
    'nationalities_mismatch',
    ['nationalities', ...PEOPLE],
    'the counts of nationalities add up to men + women + boys + girls (the unknown remainder as country OOO)',
  ),
}

const broken = (rule: RecordRule, message: string): TallyProblem => ({
  rule: rule.code,
  path: [rule.fields[0]],
  message,
})

/** The sum rules of data-model.md that a tally breaks, each on the field to fix. */
export function tallyProblems(
  tally: FlowCounts & { total: number; nationalities: readonly NationalityCount[] },
): TallyProblem[] {
  const R = FLOW_COUNT_RULES
  const problems: TallyProblem[] = []
  const total = tallyTotal(tally)
  const children = tally.boys + tally.girls
  if (total < 1) problems.push(broken(R.atLeastOne, 'Count at least one person'))
  if (tally.total !== total) problems.push(broken(R.total, 'Total must equal men + women + boys + girls'))
  if (tally.unaccompaniedChildren > children) {
    problems.push(broken(R.unaccompanied, 'Unaccompanied children cannot exceed boys + girls'))
  }
  if (tally.childrenUnder5 > children) {
    problems.push(broken(R.under5, 'Children under 5 cannot exceed boys + girls'))
  }
  if (tally.elderly > tally.men + tally.women) {
    problems.push(broken(R.elderly, 'Elderly cannot exceed men + women'))
  }
  if (tally.pregnantWomen > tally.women + tally.girls) {
    problems.push(broken(R.pregnant, 'Pregnant women cannot exceed women + girls'))
  }
  if (tally.withDisability > total) {
    problems.push(broken(R.disability, 'Persons with disability cannot exceed the total'))
  }
  const countries = tally.nationalities.map((n) => n.country)
  if (new Set(countries).size !== countries.length) {
    problems.push(broken(R.nationalityOnce, 'A nationality is listed twice'))
  }
  const byNationality = tally.nationalities.reduce((sum, n) => sum + n.count, 0)
  if (byNationality !== total) {
    problems.push(broken(R.nationalities, 'Nationality counts must add up to the total'))
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
