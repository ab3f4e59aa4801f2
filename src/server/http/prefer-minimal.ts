/**
 * `Prefer: return=minimal` (RFC 7240) on a push: the phone knows the mutationIds it sent
 * and the results come in request order, so the answer can leave them out. Each id is 36
 * characters that do not compress: over 2G that is a tenth of what a new record costs.
 */

/** Whether a Prefer header asks for `return=minimal` (among other preferences, in any case). */
export function prefersMinimal(header: string | string[] | undefined): boolean {
  const values = Array.isArray(header) ? header : [header ?? '']
  return values.some((line) =>
    line.split(',').some((preference) => {
      const [name = '', ...rest] = (preference.split(';')[0] ?? '').split('=')
      const value = rest.join('=').trim().replace(/^"|"$/g, '')
      return name.trim().toLowerCase() === 'return' && value.toLowerCase() === 'minimal'
    }),
  )
}
