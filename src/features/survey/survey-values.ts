/**
 * The survey form's values as typed (strings and lists, kept in the draft) and their one
 * way into a Survey: built here with the skip logic applied (a question that does not
 * apply is left out of the record), then checked by the shared schema, whose issues come
 * back on the form's own fields as translation keys.
 */
import { z } from 'zod'
import { tooBigMessage } from '@/components/field-message'
import { numberMessage } from '@/components/whole-number'
import { readWholeNumber, type NumberRefusal } from '@/shared/text/whole-number'
import { answeredSurveySchema, refusedSurveySchema, surveyAsked, type Survey } from '@/shared/schemas/survey'

export const SURVEY_DRAFT_KEY = 'survey:new'

/**
 * "None of these" among the difficulties: a form answer only. The record lists no
 * difficulty then; the form asks for it so that "none met" differs from "not asked".
 */
export const NO_DIFFICULTY = 'none'

const text = z.string()
const list = z.array(z.string())
const yesNo = z.enum(['', 'yes', 'no'])

/** Every value the form holds, in screen order: plain strings and lists, so that any draft can be restored. */
export const surveyValuesShape = {
  // consent
  siteCode: text,
  interviewedOn: text,
  consent: yesNo,
  // the person
  age: text,
  sex: text,
  maritalStatus: text,
  nationality: text,
  countryOfBirth: text,
  // before leaving
  educationLevel: text,
  employmentBeforeLeaving: text,
  reasonsForLeaving: list,
  // route
  originCountry: text,
  originTown: text,
  previousCountry: text,
  nextDestination: text,
  finalDestination: text,
  // travel
  travelling: z.enum(['', 'alone', 'group']),
  groupSize: text,
  previousAttempts: text,
  // cost
  journeyCostKnown: yesNo,
  journeyCostXof: text,
  journeyFunding: list,
  // difficulties and needs
  difficulties: list,
  needs: list,
}
export const surveyValuesSchema = z.object(surveyValuesShape)
export type SurveyValues = z.infer<typeof surveyValuesSchema>
export type SurveyField = keyof SurveyValues

export function emptySurvey(today: string, siteCode = ''): SurveyValues {
  const values = Object.fromEntries(
    Object.entries(surveyValuesShape).map(([k, s]) => [k, s instanceof z.ZodArray ? [] : '']),
  ) as unknown as SurveyValues
  return { ...values, siteCode, interviewedOn: today }
}

/** Stored values read back field by field: each kept only when it is still a valid value of its field. */
export function parseSurveyValues(stored: unknown, initial: SurveyValues): SurveyValues {
  if (typeof stored !== 'object' || stored === null) return initial
  const out: Record<string, unknown> = { ...initial }
  for (const [field, schema] of Object.entries(surveyValuesShape)) {
    const parsed = schema.safeParse((stored as Record<string, unknown>)[field])
    if (parsed.success) out[field] = parsed.data
  }
  return out as SurveyValues
}

/** What a save gives a new survey beyond the form's values. */
export interface SurveyBase {
  id: string
  createdAt: string
}

/** A problem at a form field: a translation key, or `rule:<code>` for a record rule. */
export interface ValueIssue {
  field: SurveyField | 'form'
  message: string
}

export type Validation = { ok: true; data: Survey } | { ok: false; issues: ValueIssue[] }

const clean = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim())

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

/**
 * A whole number typed as digits; anything else is said at the field (what is wrong with
 * it), never rewritten. An empty answer is said here too: the schema's "required here"
 * rules wait for every other answer to be valid, and Next checks a page while later pages
 * are still empty.
 */
function whole(v: SurveyValues, field: SurveyField, issues: ValueIssue[]): number | undefined {
  const read = readWholeNumber(v[field] as string)
  if (read.ok) return read.value
  issues.push({ field, message: surveyNumberMessage(field, read) })
  return undefined
}

/** How far each number may go, said at its field. */
const RANGE_MESSAGES: Partial<Record<SurveyField, string>> = {
  age: 'survey.ageRange',
  groupSize: 'survey.groupSizeRange',
  journeyCostXof: 'survey.costRange',
  previousAttempts: 'survey.attemptsRange',
}

/** Below zero where the range starts higher than 0: the range says it best. */
const NEGATIVE_MESSAGES: Partial<Record<SurveyField, string>> = {
  age: 'survey.ageRange',
  groupSize: 'survey.groupSizeRange',
}

/** A number too big for exact digits is out of its field's range, said as the schema's own range would. */
function surveyNumberMessage(field: SurveyField, refusal: NumberRefusal): string {
  return numberMessage(refusal, {
    notNumber: 'survey.wholeNumber',
    negative: NEGATIVE_MESSAGES[field],
    tooBig: RANGE_MESSAGES[field],
  })
}

/**
 * The answers the skip logic reads, as the record holds them (an unanswered one
 * undefined), for an interview that goes on: `surveyAsked` (shared/schemas/survey.ts)
 * then says which questions these answers ask, on the form's pages as in the record.
 */
export function skipAnswers(v: Pick<SurveyValues, 'travelling' | 'journeyCostKnown'>) {
  return {
    consent: true,
    travellingInGroup: v.travelling === '' ? undefined : v.travelling === 'group',
    journeyCostKnown: v.journeyCostKnown === '' ? undefined : v.journeyCostKnown === 'yes',
  }
}

/** The record these values make (only the refusal without consent), checked by the shared schema. */
export function validateSurvey(v: SurveyValues, base: SurveyBase, now: Date): Validation {
  const issues: ValueIssue[] = []
  const common = defined({
    id: base.id,
    createdAt: base.createdAt,
    updatedAt: now.toISOString(),
    siteCode: clean(v.siteCode),
    interviewedOn: clean(v.interviewedOn),
  })
  let result: z.ZodSafeParseResult<Survey>
  if (v.consent === 'yes') {
    const skip = skipAnswers(v)
    const asked = (field: SurveyField) => surveyAsked(skip, field)
    // answers the schema allows empty, but that the interview asks for
    if (asked('journeyFunding') && v.journeyFunding.length === 0) {
      issues.push({ field: 'journeyFunding', message: 'survey.chooseAtLeastOne' })
    }
    if (v.difficulties.length === 0) issues.push({ field: 'difficulties', message: 'survey.chooseAtLeastOne' })
    if (v.difficulties.includes(NO_DIFFICULTY) && v.difficulties.length > 1) {
      issues.push({ field: 'difficulties', message: 'survey.noneExcludesOthers' })
    }
    result = answeredSurveySchema.safeParse(
      defined({
        ...common,
        consent: true,
        age: whole(v, 'age', issues),
        sex: clean(v.sex),
        maritalStatus: clean(v.maritalStatus),
        nationality: clean(v.nationality),
        countryOfBirth: clean(v.countryOfBirth),
        educationLevel: clean(v.educationLevel),
        employmentBeforeLeaving: clean(v.employmentBeforeLeaving),
        originCountry: clean(v.originCountry),
        originTown: clean(v.originTown),
        previousCountry: clean(v.previousCountry),
        nextDestination: clean(v.nextDestination),
        finalDestination: clean(v.finalDestination),
        travellingInGroup: skip.travellingInGroup,
        groupSize: asked('groupSize') ? whole(v, 'groupSize', issues) : undefined,
        reasonsForLeaving: v.reasonsForLeaving,
        journeyCostKnown: skip.journeyCostKnown,
        journeyCostXof: asked('journeyCostXof') ? whole(v, 'journeyCostXof', issues) : undefined,
        journeyFunding: asked('journeyFunding') ? v.journeyFunding : undefined,
        previousAttempts: whole(v, 'previousAttempts', issues),
        difficulties: v.difficulties.filter((d) => d !== NO_DIFFICULTY),
        needs: v.needs,
      }),
    )
  } else {
    if (v.consent === '') issues.push({ field: 'consent', message: 'form.required' })
    // a refusal keeps nothing but the FMP and the date, whatever was typed before
    result = refusedSurveySchema.safeParse({ ...common, consent: false })
  }
  if (!result.success) issues.push(...issuesOf(result.error.issues, v))
  if (issues.length === 0 && result.success) return { ok: true, data: result.data }
  return { ok: false, issues: firstPerField(issues) }
}

function firstPerField(issues: ValueIssue[]): ValueIssue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => !seen.has(issue.field) && seen.add(issue.field))
}

/** The form field a schema issue's path points at. */
export function fieldOf(path: readonly PropertyKey[]): SurveyField | 'form' {
  const [head] = path
  if (head === 'travellingInGroup') return 'travelling'
  if (typeof head === 'string' && head in surveyValuesShape) return head as SurveyField
  return 'form'
}

/** The schema's issues on the form's fields. */
export function issuesOf(issues: readonly z.core.$ZodIssue[], v: SurveyValues): ValueIssue[] {
  return issues.map((issue) => {
    const field = fieldOf(issue.path)
    return { field, message: messageOf(field, issue, v) }
  })
}

function messageOf(field: SurveyField | 'form', issue: z.core.$ZodIssue, v: SurveyValues): string {
  const rule = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined
  if (rule === 'required_here') return 'form.required'
  if (rule === 'event_day') return 'form.impossibleDate'
  if (typeof rule === 'string' && rule !== 'country_code') return `rule:${rule}`
  if (field === 'form') return 'form.invalid'
  const raw = v[field]
  if (Array.isArray(raw) && raw.length === 0) return 'survey.chooseAtLeastOne'
  if ((typeof raw === 'string' && raw.trim() === '') || issue.code === 'invalid_type') return 'form.required'
  const range = RANGE_MESSAGES[field]
  if (range && (issue.code === 'too_small' || issue.code === 'too_big')) return range
  if (issue.code === 'too_big') return tooBigMessage(issue)
  return 'form.invalid'
}
