/**
 * The questions of each survey page (survey-pages.ts says which apply): a question that
 * does not apply to the answers given is not drawn at all.
 */
import { useTranslation } from 'react-i18next'
import { useWatch } from 'react-hook-form'
import { useCodeOptions } from '@/components/code-options'
import type { Site } from '@/shared/schemas/site'
import { SurveyChecks, SurveyCountry, SurveyNumber, SurveyRadio, SurveySelect, SurveyText } from './survey-fields'
import type { PageId } from './survey-pages'
import { NO_DIFFICULTY, type SurveyValues } from './survey-values'

export function SurveyQuestions({ page, sites }: { page: PageId; sites: Site[] }) {
  switch (page) {
    case 'consent':
      return <ConsentQuestions sites={sites} />
    case 'person':
      return <PersonQuestions />
    case 'background':
      return <BackgroundQuestions />
    case 'route':
      return <RouteQuestions />
    case 'travel':
      return <TravelQuestions />
    case 'cost':
      return <CostQuestions />
    case 'needs':
      return <NeedsQuestions />
  }
}

function ConsentQuestions({ sites }: { sites: Site[] }) {
  const { t } = useTranslation()
  const consent = useWatch<SurveyValues, 'consent'>({ name: 'consent' })
  return (
    <>
      {sites.length === 0 && <p className="notice">{t('survey.noSite')}</p>}
      <SurveySelect name="siteCode" options={sites.map((s) => ({ value: s.code, label: s.name }))} />
      <SurveyText name="interviewedOn" type="date" />
      <SurveyRadio
        name="consent"
        hint={t('survey.consentHint')}
        options={[
          { value: 'yes', label: t('survey.consentYes') },
          { value: 'no', label: t('survey.consentNo') },
        ]}
      />
      {consent === 'no' && (
        <p className="notice" role="note">
          <span aria-hidden="true">ℹ </span>
          {t('survey.refusalNote')}
        </p>
      )}
    </>
  )
}

function PersonQuestions() {
  return (
    <>
      <SurveyNumber name="age" />
      <SurveyRadio name="sex" options={useCodeOptions('sex')} />
      <SurveyRadio name="maritalStatus" options={useCodeOptions('maritalStatus')} />
      <SurveyCountry name="nationality" />
      <SurveyCountry name="countryOfBirth" />
    </>
  )
}

function BackgroundQuestions() {
  return (
    <>
      <SurveyRadio name="educationLevel" options={useCodeOptions('educationLevel')} />
      <SurveyRadio name="employmentBeforeLeaving" options={useCodeOptions('employmentStatus')} />
      <SurveyChecks name="reasonsForLeaving" options={useCodeOptions('reasonForLeaving')} />
    </>
  )
}

function RouteQuestions() {
  return (
    <>
      <SurveyCountry name="originCountry" />
      <SurveyText name="originTown" optional />
      <SurveyCountry name="previousCountry" optional />
      <SurveyCountry name="nextDestination" optional />
      <SurveyCountry name="finalDestination" optional />
    </>
  )
}

function TravelQuestions() {
  const { t } = useTranslation()
  const travelling = useWatch<SurveyValues, 'travelling'>({ name: 'travelling' })
  return (
    <>
      <SurveyRadio
        name="travelling"
        options={[
          { value: 'alone', label: t('survey.alone') },
          { value: 'group', label: t('survey.group') },
        ]}
      />
      {travelling === 'group' && <SurveyNumber name="groupSize" hint={t('survey.groupSizeHint')} />}
      <SurveyNumber name="previousAttempts" />
    </>
  )
}

function CostQuestions() {
  const { t } = useTranslation()
  const known = useWatch<SurveyValues, 'journeyCostKnown'>({ name: 'journeyCostKnown' })
  const funding = useCodeOptions('journeyFunding')
  return (
    <>
      <SurveyRadio
        name="journeyCostKnown"
        options={[
          { value: 'yes', label: t('form.yes') },
          { value: 'no', label: t('form.no') },
        ]}
      />
      {known === 'yes' && (
        <>
          <SurveyNumber name="journeyCostXof" hint={t('survey.costHint')} />
          <SurveyChecks name="journeyFunding" options={funding} />
        </>
      )}
    </>
  )
}

function NeedsQuestions() {
  const { t } = useTranslation()
  const abuses = useCodeOptions('abuse')
  const needs = useCodeOptions('need')
  return (
    <>
      <SurveyChecks
        name="difficulties"
        options={[...abuses, { value: NO_DIFFICULTY, label: t('survey.noDifficulty') }]}
        exclusive={NO_DIFFICULTY}
      />
      <SurveyChecks name="needs" options={needs} exclusive="none" />
    </>
  )
}
