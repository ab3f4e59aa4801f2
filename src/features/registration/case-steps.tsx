/** Steps 3 to 6 of a case file: household and group, journey, vulnerabilities, AVRR. */
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useFormContext, useWatch } from 'react-hook-form'
import { newId } from '@/shared/ids'
import {
  BoundCodeChecks,
  BoundCodeSelect,
  BoundCountry,
  BoundCountryList,
  BoundRadio,
  BoundText,
  BoundYesNo,
} from './bound-fields'
import { useCodeLabel, useCodeOptions } from '@/components/code-options'
import { AnswerDoubts, DoubtsNote } from './doubts-note'
import type { HouseholdHead } from './registration-draft'
import type { RegistrationValues } from './registration-values'
import { DOUBT_FIELDS, vulnerabilityDoubts, type DoubtValues } from './vulnerability-doubts'

export function HouseholdStep() {
  const { t } = useTranslation()
  const { setValue } = useFormContext<RegistrationValues>()
  const [inGroup, groupId] = useWatch<RegistrationValues, ['inGroup', 'householdGroupId']>({
    name: ['inGroup', 'householdGroupId'],
  })
  // the group's id is made once, when the person is first said to travel with others
  useEffect(() => {
    if (inGroup === 'yes' && groupId === '') setValue('householdGroupId', newId(), { shouldDirty: true })
  }, [inGroup, groupId, setValue])
  return (
    <>
      <BoundYesNo name="inGroup" required />
      {inGroup === 'yes' && (
        <>
          <p className="hint">{t('registration.groupHint')}</p>
          <BoundCodeSelect name="relationship" list="householdRelationship" required />
        </>
      )}
    </>
  )
}

/**
 * For a family member, under the form's title from the first step on: whose household
 * the person joins (`joins`), while the household step still says so (in the group,
 * that group).
 */
export function JoinsHouseholdNote({ joins }: { joins?: HouseholdHead | undefined }) {
  const { t } = useTranslation()
  const [inGroup, groupId] = useWatch<RegistrationValues, ['inGroup', 'householdGroupId']>({
    name: ['inGroup', 'householdGroupId'],
  })
  if (!joins || inGroup !== 'yes' || joins.groupId !== groupId) return null
  return (
    <p className="notice" role="note">
      {joins.caseNumber
        ? t('registration.joinsHousehold', { name: joins.name, caseNumber: joins.caseNumber })
        : t('registration.joinsHouseholdNoNumber', { name: joins.name })}
    </p>
  )
}

export function JourneyStep() {
  const { t } = useTranslation()
  return (
    <>
      <p className="hint">{t('registration.allOptional')}</p>
      <BoundCountry name="originCountry" />
      <BoundText name="originTown" />
      <BoundText name="leftHomeOn" type="date" />
      <BoundCountryList name="transitCountries" />
      <BoundText name="monthsInLibya" inputMode="numeric" />
      <BoundText name="monthsInAlgeria" inputMode="numeric" />
      <AnswerDoubts fields={['leftHomeOn', 'monthsInLibya', 'monthsInAlgeria']} />
      <BoundCodeChecks name="reasonsForLeaving" list="reasonForLeaving" />
      <BoundCountry name="intendedDestination" />
      <BoundCodeSelect name="intentionNow" list="intention" />
      <BoundCodeChecks name="abuseEnRoute" list="abuse" />
    </>
  )
}

/** Says that a case with any vulnerability flag is vulnerable (and comes first in lists). */
export function VulnerableNote({ flags }: { flags: readonly string[] }) {
  const { t } = useTranslation()
  if (flags.length === 0) return null
  return (
    <p className="notice vulnerable-note" role="note">
      <span aria-hidden="true">⚑ </span>
      {t('registration.vulnerableNote')}
    </p>
  )
}

/**
 * Flags the person's age or sex make doubtful (vulnerability-doubts.ts), each said once
 * beside the flags: a word to check, not a problem that stops the save.
 */
function VulnerabilityDoubts() {
  const { t } = useTranslation()
  const codeLabel = useCodeLabel()
  const watched = useWatch<RegistrationValues, typeof DOUBT_FIELDS>({ name: DOUBT_FIELDS })
  const values = Object.fromEntries(DOUBT_FIELDS.map((field, i) => [field, watched[i]])) as DoubtValues
  const items = vulnerabilityDoubts(values).map(({ flag, reason }) =>
    t(`registration.doubts.${reason}`, { flag: codeLabel('vulnerability', flag) }),
  )
  return <DoubtsNote items={items} />
}

export function VulnerabilitiesStep() {
  const flags = useWatch<RegistrationValues, 'vulnerabilities'>({ name: 'vulnerabilities' })
  return (
    <>
      <BoundCodeChecks name="vulnerabilities" list="vulnerability" />
      <VulnerabilityDoubts />
      <VulnerableNote flags={flags} />
    </>
  )
}

export function AvrrStep() {
  const avrr = useWatch<RegistrationValues, 'avrr'>({ name: 'avrr' })
  const categories = useCodeOptions('avrrCategory')
  return (
    <>
      <BoundYesNo name="avrr" required />
      {avrr === 'yes' && (
        <>
          <BoundRadio name="avrrCategory" options={categories} required inline />
          <BoundYesNo name="avrrVoluntarinessSigned" required />
          <BoundCodeSelect name="avrrTravelDocumentStatus" list="travelDocumentStatus" required />
          <BoundYesNo name="avrrFitToTravel" />
          <BoundText name="avrrTravelReadyOn" type="date" />
          <BoundCountry name="avrrDestinationCountry" required />
          <BoundText name="avrrDestinationTown" />
          <BoundYesNo name="avrrReintegrationCounselling" required />
        </>
      )}
    </>
  )
}
