/**
 * A household as the case page shows it ("Travelling with"): each member on this phone,
 * linked, with where they are when it is not this case's centre; each member merged into
 * another case, with the case that holds them now; then the members the phone cannot
 * see, as a count by centre. A member never simply vanishes.
 */
import type { ReactNode } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Household, MergedMember, UnseenMembers, Whereabouts } from './household'
import { CaseLink, memberName } from './related-cases'

/** "transferred to Arlit transit centre", "stayed at …", "at …". */
export function useWhereaboutsText(siteName: (code: string) => string) {
  const { t } = useTranslation()
  return (where: Whereabouts) => t(`caseFile.household.${where.how}`, { centre: siteName(where.site) })
}

/** "2 household members stayed at Agadez transit centre, not on this phone." */
export function UnseenNotes({
  unseen,
  siteName,
}: {
  unseen: readonly UnseenMembers[]
  siteName(code: string): string
}) {
  const { t } = useTranslation()
  if (unseen.length === 0) return null
  return (
    <>
      {unseen.map((u) => (
        <p key={`${u.how} ${u.site}`} className="hint household-unseen">
          {t(u.how === 'stayed' ? 'caseFile.household.unseenStayed' : 'caseFile.household.unseenTransferred', {
            count: u.count,
            centre: siteName(u.site),
          })}
        </p>
      ))}
    </>
  )
}

/** The surviving case's number in a sentence, linked (left to right in Arabic too). */
function SurvivorLink({ id, children }: { id: string; children?: ReactNode }) {
  return (
    <Link to={`/cases/${id}`}>
      <bdi dir="ltr">{children}</bdi>
    </Link>
  )
}

/**
 * "merged into AGZ-7K-0042" (linked, unless `linked` is false: in a confirmation a link
 * would leave it), or "merged into another case, not on this phone".
 */
export function MergedNote({ survivor, linked = true }: Pick<MergedMember, 'survivor'> & { linked?: boolean }) {
  const { t } = useTranslation()
  if (!survivor) return <>{t('caseFile.household.mergedElsewhere')}</>
  return (
    <Trans
      i18nKey="caseFile.household.mergedInto"
      values={{ survivor: survivor.caseNumber ?? memberName(survivor, t('caseFile.anonymousCase')) }}
      components={{ survivor: linked ? <SurvivorLink id={survivor.id} /> : <bdi dir="ltr" /> }}
    />
  )
}

export function HouseholdList({ household, siteName }: { household: Household; siteName(code: string): string }) {
  const where = useWhereaboutsText(siteName)
  return (
    <>
      {household.members.length + household.merged.length > 0 && (
        <ul className="related-cases">
          {household.members.map(({ summary: c, elsewhere }) => (
            <li key={c.id}>
              <CaseLink summary={c} />
              {elsewhere && <span className="household-elsewhere"> — {where(elsewhere)}</span>}
            </li>
          ))}
          {household.merged.map(({ summary: c, survivor }) => (
            <li key={c.id}>
              <CaseLink summary={c} />
              <span className="household-elsewhere household-merged">
                {' — '}
                <MergedNote survivor={survivor} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <UnseenNotes unseen={household.unseen} siteName={siteName} />
    </>
  )
}
