/**
 * Step 2: who the person is. Without consent to processing only sex, age group and
 * nationality (the anonymous fields); with it, the biodata of data-model.md.
 */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useWatch } from 'react-hook-form'
import { BoundCodeSelect, BoundCountry, BoundRadio, BoundSelect, BoundText } from './bound-fields'
import { useCodeOptions } from '@/components/code-options'
import { AnswerDoubts } from './doubts-note'
import type { RegistrationValues } from './registration-values'

/** `children`: the possible duplicates, shown under the name, birth and nationality. */
export function IdentityStep({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const [consent, birthMode, documentType, registeredOn] = useWatch<
    RegistrationValues,
    ['consentProcessing', 'birthMode', 'documentType', 'registeredOn']
  >({ name: ['consentProcessing', 'birthMode', 'documentType', 'registeredOn'] })
  const sexes = useCodeOptions('sex')

  if (consent === 'no') {
    return (
      <>
        <BoundRadio name="sex" options={sexes} required inline />
        <BoundCodeSelect name="ageGroup" list="ageGroup" required />
        <BoundCountry name="nationality" required />
      </>
    )
  }
  return (
    <>
      <BoundText name="givenName" required />
      <BoundText name="familyName" required />
      <BoundText name="aliases" hint={t('registration.commaHint')} />
      <BoundRadio name="sex" options={sexes} required inline />
      <BoundRadio
        name="birthMode"
        label={t('registration.birth')}
        options={[
          { value: 'date', label: t('registration.birthKnown') },
          { value: 'age', label: t('registration.birthEstimated') },
        ]}
        inline
      />
      {birthMode === 'age' ? (
        <BoundText name="estimatedAge" inputMode="numeric" hint={t('registration.estimatedNote')} required />
      ) : (
        <BoundText name="dateOfBirth" type="date" max={registeredOn || undefined} required />
      )}
      <AnswerDoubts fields={['consentGivenBy']} />
      <BoundCountry name="nationality" required />
      {children}
      <BoundCountry name="countryOfBirth" />
      <BoundText name="placeOfBirth" />
      <BoundText name="languages" hint={t('registration.commaHint')} />
      <BoundCodeSelect name="maritalStatus" list="maritalStatus" />
      <BoundCodeSelect name="educationLevel" list="educationLevel" />
      <BoundText name="occupation" />
      <BoundText name="phone" type="tel" inputMode="tel" />
      <DocumentFields documentType={documentType} />
    </>
  )
}

function DocumentFields({ documentType }: { documentType: string }) {
  const options = useCodeOptions('documentType')
  return (
    <>
      <BoundSelect name="documentType" options={options} />
      {documentType !== '' && documentType !== 'none' && (
        <>
          <BoundText name="documentNumber" />
          <BoundText name="documentExpiry" type="date" />
        </>
      )}
    </>
  )
}
