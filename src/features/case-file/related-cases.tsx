/**
 * Cases linked to this one, read from the in-memory case index (never by opening other
 * records): the cases the registrar was warned this one may duplicate, and merges. The
 * household's members are household.ts's.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCaseFinder, type CaseSummary } from '@/cases/case-finder'

/** A case's name as a list shows it: given and family name, or "Anonymous case". */
export function memberName(c: CaseSummary, anonymous: string): string {
  return c.named ? `${c.givenName ?? ''} ${c.familyName ?? ''}`.trim() : anonymous
}

/** A link to a case: its number (left to right in Arabic too) and its name. */
export function CaseLink({ summary: c }: { summary: CaseSummary }) {
  const { t } = useTranslation()
  return (
    <Link to={`/cases/${c.id}`}>
      {c.caseNumber && (
        <>
          <bdi dir="ltr">{c.caseNumber}</bdi>
          {' · '}
        </>
      )}
      {memberName(c, t('caseFile.anonymousCase'))}
    </Link>
  )
}

export function CaseLinks({ cases }: { cases: readonly CaseSummary[] }) {
  return (
    <ul className="related-cases">
      {cases.map((c) => (
        <li key={c.id}>
          <CaseLink summary={c} />
        </li>
      ))}
    </ul>
  )
}

/**
 * A case a supervisor merged into another: it stays readable here, pointing to the case
 * that holds its assistance, referrals and timeline now.
 */
export function MergedInto({ id }: { id: string }) {
  const { t } = useTranslation()
  const finder = useCaseFinder()
  const survivor = finder?.get(id)
  return (
    <p className="possible-duplicate merged-into">
      <span aria-hidden="true">→ </span>
      <strong>{t('caseFile.mergedInto')}</strong>{' '}
      <Link to={`/cases/${id}`}>
        {survivor?.caseNumber ? <bdi dir="ltr">{survivor.caseNumber}</bdi> : t('caseFile.mergedSurvivor')}
      </Link>
    </p>
  )
}

/**
 * The numbers of the cases a supervisor merged into this one: a person may still present
 * the card of a merged case, and the registrar checks it is this person's.
 */
export function AlsoRegisteredAs({ id }: { id: string }) {
  const { t } = useTranslation()
  const finder = useCaseFinder()
  const merged = useMemo(() => finder?.casesMergedInto(id).filter((c) => c.caseNumber) ?? [], [finder, id])
  if (merged.length === 0) return null
  return (
    <p className="also-registered-as">
      <strong>{t('caseFile.alsoRegisteredAs')}</strong>{' '}
      {merged.map((c, i) => (
        <span key={c.id}>
          {i > 0 && t('app.listSeparator')}
          <Link to={`/cases/${c.id}`}>
            <bdi dir="ltr">{c.caseNumber}</bdi>
          </Link>
        </span>
      ))}
    </p>
  )
}

/** "Possible duplicate" with the cases it may duplicate (those on this phone). */
export function PossibleDuplicates({ ids }: { ids: readonly string[] }) {
  const { t } = useTranslation()
  const finder = useCaseFinder()
  const cases = ids.flatMap((id) => {
    const c = finder?.get(id)
    return c ? [c] : []
  })
  return (
    <div className="possible-duplicate">
      <p>
        <span aria-hidden="true">≈ </span>
        <strong>{t('caseFile.possibleDuplicate')}</strong> — {t('caseFile.possibleDuplicateHint')}
      </p>
      {cases.length > 0 && <CaseLinks cases={cases} />}
    </div>
  )
}
