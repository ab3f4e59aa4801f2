/** Step 1: where and how the person arrived, and their consent (who gave it, to what, when). */
import { useTranslation } from 'react-i18next'
import { useWatch } from 'react-hook-form'
import { useCodeOptions } from '@/components/code-options'
import type { Site } from '@/shared/schemas/site'
import { BoundCodeSelect, BoundRadio, BoundSelect, BoundText, BoundYesNo } from './bound-fields'
import { AnswerDoubts } from './doubts-note'
import type { RegistrationValues } from './registration-values'

export function ConsentStep({ sites, consentLocked }: { sites: Site[]; consentLocked: boolean }) {
  const { t } = useTranslation()
  const consent = useWatch<RegistrationValues, 'consentProcessing'>({ name: 'consentProcessing' })
  const givers = useCodeOptions('consentGiver')
  return (
    <>
      {sites.length === 0 && <p className="notice">{t('registration.noSite')}</p>}
      <BoundSelect name="siteCode" options={sites.map((s) => ({ value: s.code, label: s.name }))} required />
      <BoundText name="registeredOn" type="date" required />
      <BoundCodeSelect name="entryChannel" list="entryChannel" required />
      {consentLocked ? (
        <p className="notice" role="note">
          {t('registration.consentLocked')}
        </p>
      ) : (
        <BoundYesNo name="consentProcessing" required />
      )}
      {consent === 'no' && (
        <p className="notice anonymous-note" role="note">
          <span aria-hidden="true">ℹ </span>
          {t('registration.anonymousNote')}
        </p>
      )}
      {consent === 'yes' && (
        <>
          <BoundRadio name="consentGivenBy" options={givers} hint={t('registration.consentGivenByHint')} required />
          <AnswerDoubts fields={['consentGivenBy']} />
          <BoundYesNo name="consentSharing" required />
        </>
      )}
      <BoundText name="consentDate" type="date" required />
    </>
  )
}
