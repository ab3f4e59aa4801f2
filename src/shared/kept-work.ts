/**
 * The stable codes of work the server keeps for a supervisor after refusing it (docs/api.md,
 * Work at a lost site, Work on a case that moved), shared by the server that writes them
 * into a refusal's errors and the phone that reads them to know what became of its record.
 */

/**
 * Beside `unavailable`: the record's case was transferred, meanwhile, to a centre its
 * author does not cover, and the server kept the record for a supervisor of the case's
 * centre, who accepts or discards it (server/store/moved-case-work.ts).
 */
export const KEPT_FOR_CASE_SITE = 'kept_for_case_site'

/** A supervisor discarded kept work (server/store/lost-site-work.ts). */
export const DISCARDED_BY_SUPERVISOR = 'discarded_by_supervisor'

/** Kept work was erased because the person withdrew consent (server/store/withdrawn-kept-work.ts). */
export const DISCARDED_CONSENT_WITHDRAWN = 'discarded_consent_withdrawn'

/** The codes of kept work the server no longer keeps: the phone stops asking about it. */
export const NO_LONGER_KEPT: readonly string[] = [DISCARDED_BY_SUPERVISOR, DISCARDED_CONSENT_WITHDRAWN]
