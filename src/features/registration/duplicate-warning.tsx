/**
 * Possible duplicates while registering (issue 8): as soon as the given name, family
 * name and date of birth (or estimated age) are typed, the cases on this phone that may
 * be the same person, each with a way to open it. Saving anyway records them on the
 * case (possibleDuplicateOf) for a supervisor to decide; nothing is ever merged here.
 */
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useFormContext, useWatch, type Control } from 'react-hook-form'
import { Link } from 'react-router'
import { useCaseFinder, type CaseSummary } from '@/cases/case-finder'
import { useDb } from '@/components/app-context'
import { useCountryName } from '@/components/country-select'
import { formatDay, siteDay } from '@/components/dates'
import { getRecord } from '@/data/records'
import { ageOn } from '@/shared/schemas/registration'
import type { Site } from '@/shared/schemas/site'
import { birthDateOf } from './registration-validation'
import type { RegistrationValues } from './registration-values'

const DUPLICATE_FIELDS = [
  'consentProcessing',
  'givenName',
  'familyName',
  'aliases',
  'birthMode',
  'dateOfBirth',
  'estimatedAge',
  'registeredOn',
  'sex',
  'nationality',
] as const

/**
 * The cases that may be this person; undefined when there is nothing to compare (or no
 * finder), and for an edit (`original`: the case's values) that left who the person is as
 * it was: the case was checked when it was registered, and an edit of its journey or its
 * return is no new reason to warn or to mark it.
 */
export function usePossibleDuplicates(
  control: Control<RegistrationValues>,
  excludeId: string | undefined,
  original?: RegistrationValues,
): CaseSummary[] | undefined {
  const finder = useCaseFinder()
  const watched = useWatch({ control, name: DUPLICATE_FIELDS })
  const [
    consent,
    givenName,
    familyName,
    aliases,
    birthMode,
    dateOfBirth,
    estimatedAge,
    registeredOn,
    sex,
    nationality,
  ] = watched
  const unchanged = original !== undefined && DUPLICATE_FIELDS.every((field, i) => watched[i] === original[field])
  return useMemo(() => {
    if (unchanged || !finder || consent !== 'yes' || !givenName.trim() || !familyName.trim()) return undefined
    const values = { birthMode, dateOfBirth, estimatedAge, registeredOn } as RegistrationValues
    const birth = birthDateOf(values)
    if (!birth || !/^\d{4}-\d{2}-\d{2}$/.test(birth)) return undefined
    const found = finder.possibleDuplicates({
      givenName: givenName.trim(),
      familyName: familyName.trim(),
      aliases: aliases
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      dateOfBirth: birth,
      ...(sex ? { sex: sex as CaseSummary['sex'] } : {}),
      ...(nationality ? { nationality } : {}),
      ...(excludeId ? { excludeId } : {}),
    })
    return found.filter((c) => c.id !== excludeId)
  }, [
    unchanged,
    finder,
    consent,
    givenName,
    familyName,
    aliases,
    birthMode,
    dateOfBirth,
    estimatedAge,
    registeredOn,
    sex,
    nationality,
    excludeId,
  ])
}

/**
 * Which of these cases hold an estimated birth date (an age only), read from their
 * records: the case index keeps no such flag. A record that cannot be read counts as
 * estimated: a date said "about" is better than an estimate said exact. Undefined while
 * they are read.
 */
function useEstimatedBirths(ids: readonly string[]): ReadonlySet<string> | undefined {
  const db = useDb()
  const key = ids.join(' ')
  const [read, setRead] = useState<{ key: string; estimated: ReadonlySet<string> }>()
  useEffect(() => {
    let cancelled = false
    const wanted = key.split(' ').filter(Boolean)
    const estimatedBirth = (id: string) =>
      getRecord(db, 'registration', id).then(
        (r) => r?.data.consentProcessing === true && r.data.dateOfBirthEstimated,
        () => true,
      )
    void Promise.all(wanted.map(estimatedBirth)).then((flags) => {
      if (!cancelled) setRead({ key, estimated: new Set(wanted.filter((_, i) => flags[i])) })
    })
    return () => {
      cancelled = true
    }
  }, [db, key])
  return read?.key === key ? read.estimated : undefined
}

interface WarningProps {
  duplicates: CaseSummary[] | undefined
  sites: readonly Site[]
  /** After "Register anyway" folds the warning away: go on (to the next step). */
  onContinue?: () => void
}

export function DuplicateWarning({ duplicates, sites, onContinue }: WarningProps) {
  const { t, i18n } = useTranslation()
  const countryName = useCountryName()
  const { setValue } = useFormContext<RegistrationValues>()
  const dismissed = useWatch<RegistrationValues, 'dismissedDuplicates'>({ name: 'dismissedDuplicates' })
  const lang = i18n.resolvedLanguage ?? 'fr'
  const estimated = useEstimatedBirths(duplicates?.map((c) => c.id) ?? [])
  if (!duplicates || duplicates.length === 0) return null
  const ids = duplicates.map((c) => c.id)
  if (ids.every((id) => dismissed.includes(id))) {
    return (
      <p className="notice" role="note">
        {t('registration.duplicatesKept', { count: ids.length })}
      </p>
    )
  }
  const siteName = (code: string) => sites.find((s) => s.code === code)?.name ?? code
  // an age only is said as an age, never as the exact date worked out from it (nothing while unknown)
  const birth = (c: CaseSummary) => {
    if (!c.dateOfBirth || !estimated) return undefined
    if (estimated.has(c.id)) return t('registration.aboutAge', { count: ageOn(c.dateOfBirth, siteDay()) })
    return t('registration.bornOn', { date: formatDay(c.dateOfBirth, lang) })
  }
  return (
    <section className="duplicate-warning" role="alert" aria-labelledby="duplicate-title">
      <h3 id="duplicate-title">
        <span aria-hidden="true">⚠ </span>
        {t('registration.duplicateTitle')}
      </h3>
      <ul>
        {duplicates.map((c) => (
          <li key={c.id} className="record-row">
            <p className="record-title">
              {`${c.givenName ?? ''} ${c.familyName ?? ''}`.trim() || t('registration.anonymous')}
            </p>
            <p className="record-meta">
              {c.caseNumber ? <bdi dir="ltr">{c.caseNumber}</bdi> : t('registration.noCaseNumberShort')}
              {' · '}
              {[birth(c), countryName(c.nationality), siteName(c.siteCode)].filter(Boolean).join(' · ')}
            </p>
            <Link to={`/cases/${c.id}`} className="button">
              {t('registration.openThisCase')}
            </Link>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() => {
          setValue('dismissedDuplicates', [...new Set([...dismissed, ...ids])], { shouldDirty: true })
          onContinue?.()
        }}
      >
        {t('registration.anotherPerson')}
      </button>
    </section>
  )
}
