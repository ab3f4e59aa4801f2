/**
 * Why the server refused a record, in the user's words: each stable error code
 * (docs/api.md) has a sentence in every language; a code this version does not know
 * says so in words (never the server's English message). Identical sentences are said once.
 */
import type { TFunction } from 'i18next'
import { KEPT_FOR_CASE_SITE, NO_LONGER_KEPT } from '@/shared/kept-work'
import type { FieldError } from '@/shared/schemas/sync'

/** Codes that share one explanation. */
const SAME_AS: Record<string, string> = {
  too_many_values: 'too_deep',
  string_too_long: 'too_deep',
  exceeds_adults: 'exceeds_children',
  exceeds_women_and_girls: 'exceeds_children',
  exceeds_total: 'exceeds_children',
  planned_day: 'event_day',
  too_small: 'invalid',
  too_big: 'invalid',
  invalid_type: 'invalid',
  invalid_format: 'invalid',
  invalid_value: 'invalid',
  invalid_union: 'invalid',
  country_code: 'invalid',
  required: 'invalid',
  id_mismatch: 'invalid',
}

const KNOWN = new Set([
  'unavailable',
  'forbidden',
  'unrecognized_keys',
  'too_deep',
  'event_day',
  'birth_after_registration',
  'before_registration',
  'status_before_sent',
  'count_at_least_one',
  'total_mismatch',
  'exceeds_children',
  'nationalities_mismatch',
  'listed_twice',
  'required_here',
  'not_applicable',
  'none_excludes_others',
  'consent_required',
  'not_a_child',
  'departure_not_ready',
  'case_number_taken',
  'reopen_needs_supervisor',
  'merged_by_supervisor',
  'written_by_server',
  'discarded_by_supervisor',
  'discarded_consent_withdrawn',
  'kept_for_case_site',
  'not_an_active_centre',
  'wrong_site_kind',
  'not_at_case_site',
  'not_the_author',
  'period_order',
  'period_too_long',
  'entity_mismatch',
  'unknown_rev',
  'uuid_not_lowercase',
  'timestamp_out_of_bounds',
  'clock_behind',
  'invalid',
])

export function rejectionReasons(t: TFunction, errors: readonly FieldError[]): string[] {
  const caseMoved = errors.some((error) => error.code === KEPT_FOR_CASE_SITE)
  const sentences = (caseMoved ? keptForCaseSite(errors) : errors).map((error) => {
    const code = SAME_AS[error.code] ?? error.code
    if (caseMoved && CASE_MOVED_ENDS.has(code)) return t(`state.reasons.caseMoved.${code}`)
    // never the server's English: a rule this version does not know yet is said as such
    return KNOWN.has(code) ? t(`state.reasons.${code}`) : t('attention.unknownRule')
  })
  return [...new Set(sentences)]
}

/** How kept work on a case that moved may end, each in words of its own (not those of a lost site). */
const CASE_MOVED_ENDS: ReadonlySet<string> = new Set(NO_LONGER_KEPT)

/**
 * A record kept for a supervisor of the centre its case moved to (`kept_for_case_site`) is
 * said as that, not as one out of reach (`unavailable`, which comes with it); once it is no
 * longer kept, only how that ended is said.
 */
function keptForCaseSite(errors: readonly FieldError[]): readonly FieldError[] {
  const ended = errors.some((error) => CASE_MOVED_ENDS.has(error.code))
  return errors.filter((error) => error.code !== 'unavailable' && !(ended && error.code === KEPT_FOR_CASE_SITE))
}
