/**
 * A household as the case page shows it ("Travelling with"): each member on this phone,
 * linked, with where they are when it is not this case's centre; then the members the
 * phone cannot see, as a count by centre. A member never simply vanishes.
 */
import { useTranslation } from 'react-i18next'
import type { Household, UnseenMembers, Whereabouts } from './household'
import { CaseLink } from './related-cases'

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

export function HouseholdList({ household, siteName }: { household: Household; siteName(code: string): string }) {
  const where = useWhereaboutsText(siteName)
  return (
    <>
      {household.members.length > 0 && (
        <ul className="related-cases">
          {household.members.map(({ summary: c, elsewhere }) => (
            <li key={c.id}>
              <CaseLink summary={c} />
              {elsewhere && <span className="household-elsewhere"> — {where(elsewhere)}</span>}
            </li>
          ))}
        </ul>
      )}
      <UnseenNotes unseen={household.unseen} siteName={siteName} />
    </>
  )
}
