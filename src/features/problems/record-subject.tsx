/**
 * What a problem's record is about, as the supervisor knows it (the server's `subject`):
 * a case by its number and name, a record of a case by that case, a tally, survey or
 * checkpoint status by when it was made and which way, and a phone by the name its user
 * gave it (as Devices shows it). Names and numbers are isolated from the sentence's
 * direction (a Latin name in Arabic), and a case number stays whole on one line.
 */
import type { TFunction } from 'i18next'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDay, formatSiteTime } from '@/components/dates'
import type { Entity } from '@/shared/schemas/entities'
import type { ProblemCase, ProblemSubject } from '@/shared/schemas/problem-subject'

/** The words for a subject, or null when it names nothing the supervisor would know. */
export function useSubjectWords(): (entity: Entity, subject: ProblemSubject) => ReactNode | null {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const when = (iso: string) =>
    iso.length === 10
      ? formatDay(iso, lang)
      : t('problems.when', { day: formatDay(iso, lang), time: formatSiteTime(iso) })
  return (entity, { case: kase, at, kind }) => {
    if (kase !== null) {
      return entity === 'registration' ? (
        <CaseName value={kase} t={t} />
      ) : (
        <>
          {t('problems.about.ofCase')} <CaseName value={kase} t={t} />
        </>
      )
    }
    if (at === null) return null
    switch (entity) {
      case 'flowCount': {
        const way = kind !== null && i18n.exists(`codes.direction.${kind}`) ? t(`codes.direction.${kind}`) : null
        return way === null
          ? t('problems.about.counted', { when: when(at) })
          : t('problems.about.countedWay', { when: when(at), way })
      }
      case 'survey':
        return t('problems.about.interviewed', { day: formatDay(at, lang) })
      case 'fmpStatus':
        return kind === 'closed' || kind === 'no_flow'
          ? t(`problems.about.status.${kind}`, { when: when(at) })
          : t('problems.about.statusFrom', { when: when(at) })
      default:
        return null
    }
  }
}

/**
 * Which record, in one line of plain text for a notice: "Referral of case AGZ-7K-0042",
 * "Case AGZ-7K-0042", "Tally, counted …", or its kind alone when the server said nothing
 * of it. A case is named by its number (by its name only when it has none, as the entry's
 * heading did); the number is isolated from the sentence's direction (FSI … PDI).
 */
export function useSubjectText(): (entity: Entity, subject: ProblemSubject | undefined) => string {
  const { t } = useTranslation()
  const subjectWords = useSubjectWords()
  return (entity, subject) => {
    const kind = t(`problems.entity.${entity}`)
    const kase = subject?.case ?? null
    if (kase !== null) {
      const number = `\u2068${kase.caseNumber ?? kase.name ?? t('problems.about.anonymous')}\u2069`
      return entity === 'registration'
        ? t('problems.settledWhat.case', { number })
        : t('problems.settledWhat.ofCase', { entity: kind, number })
    }
    const about = subject ? subjectWords(entity, subject) : null
    return typeof about === 'string' ? t('problems.settledWhat.other', { entity: kind, about }) : kind
  }
}

function CaseName({ value, t }: { value: ProblemCase; t: TFunction }) {
  const { caseNumber, name } = value
  if (caseNumber === null && name === null) return <>{t('problems.about.anonymous')}</>
  return (
    <>
      {caseNumber !== null && (
        <bdi className="case-number" dir="ltr">
          {caseNumber}
        </bdi>
      )}
      {caseNumber !== null && name !== null && ' · '}
      {name !== null && <bdi>{name}</bdi>}
    </>
  )
}

/** "Phone: Tecno Aïcha", or, for a phone its user did not name, who used it (Devices does the same). */
export function phoneLine(t: TFunction, deviceName: string | null | undefined, userName: string): string {
  return deviceName ? t('problems.device', { device: deviceName }) : t('problems.deviceUnnamed', { name: userName })
}
