/**
 * What a record listed in Problems is about, as a supervisor recognises it: the case by its
 * number and name, a tally or survey by when it was made. Carried (additively: older
 * servers send none) by GET /api/v1/conflicts, /rejections and /quarantine.
 */
import { z } from 'zod'

export const problemCaseSchema = z.object({
  /** The registration's id. */
  id: z.string(),
  caseNumber: z.string().nullable(),
  /** Given and family names; null for an anonymous case (no consent to processing). */
  name: z.string().nullable(),
})
export type ProblemCase = z.infer<typeof problemCaseSchema>

export const problemSubjectSchema = z.object({
  /**
   * The case the record is (a registration) or belongs to (assistance, referral, case
   * event), named from the server's own readable version, and only at a site of the
   * caller's; null when there is none.
   */
  case: problemCaseSchema.nullable(),
  /** When a tally was counted (`observedAt`), a survey held (`interviewedOn`, a day), a checkpoint status began (`from`). */
  at: z.string().nullable(),
  /** A tally's direction, a checkpoint status's kind (codes). */
  kind: z.string().nullable(),
})
export type ProblemSubject = z.infer<typeof problemSubjectSchema>
