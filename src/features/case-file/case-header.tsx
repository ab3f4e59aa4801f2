/**
 * The top of a case: the case number shown large to copy onto the person's card, who the
 * person is, the status, whether the case is vulnerable (and why), who consented, and
 * whether the latest change has reached the server.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCodeLabel } from '@/components/code-options'
import { useCountryName } from '@/components/country-select'
import { siteDay } from '@/components/dates'
import { RecordState } from '@/components/record-state'
import type { LocalRecord } from '@/data/records'
import { ageOn } from '@/shared/schemas/registration'
import { CaseNumberTaken, isNumberTaken } from './case-number-taken'
import { AlsoRegisteredAs, MergedInto, PossibleDuplicates } from './related-cases'

export function CaseHeader({ record }: { record: LocalRecord<'registration'> }) {
  const { t } = useTranslation()
  const codeLabel = useCodeLabel()
  const countryName = useCountryName()
  const person = record.data
  const vulnerable = person.vulnerabilities.length > 0
  // a new number given in place of a taken one: said until the page is left, to copy it on the card
  const [renumbered, setRenumbered] = useState<string | null>(null)
  // the button that gave it is gone: focus goes to what it did
  const renumberedNotice = useRef<HTMLParagraphElement>(null)
  // (said once the page reads the case with its new number)
  const showRenumbered = renumbered !== null && renumbered === person.caseNumber
  useEffect(() => {
    if (showRenumbered) renumberedNotice.current?.focus()
  }, [showRenumbered])

  const age = person.consentProcessing
    ? t(person.dateOfBirthEstimated ? 'caseFile.ageEstimated' : 'caseFile.age', {
        count: ageOn(person.dateOfBirth, siteDay()),
      })
    : codeLabel('ageGroup', person.ageGroup)
  const consent = person.consentProcessing
    ? t('caseFile.consentBy', { who: codeLabel('consentGiver', person.consentGivenBy ?? 'person') })
    : t('caseFile.noConsent')

  return (
    <header className="case-header">
      <CaseNumber number={person.caseNumber} />
      {isNumberTaken(record) && <CaseNumberTaken record={record} onRenumbered={setRenumbered} />}
      {showRenumbered && (
        <p className="notice" role="status" tabIndex={-1} ref={renumberedNotice}>
          {t('caseFile.numberTaken.renumbered', { number: renumbered })}
        </p>
      )}
      <h1 id="case-title" tabIndex={-1}>
        {person.consentProcessing ? `${person.givenName} ${person.familyName}` : t('caseFile.anonymousCase')}
      </h1>
      {person.mergedInto ? <MergedInto id={person.mergedInto} /> : <AlsoRegisteredAs id={record.id} />}
      {vulnerable && (
        <p className="vulnerable-marker">
          <span aria-hidden="true">⚠ </span>
          <strong>{t('caseFile.vulnerable')}</strong>
          {' — '}
          {person.vulnerabilities.map((v) => codeLabel('vulnerability', v)).join(t('app.listSeparator'))}
        </p>
      )}
      {person.consentProcessing && person.possibleDuplicateOf && person.possibleDuplicateOf.length > 0 && (
        <PossibleDuplicates ids={person.possibleDuplicateOf} />
      )}
      <dl className="case-facts">
        <div>
          <dt>{t('caseFile.sex')}</dt>
          <dd>{codeLabel('sex', person.sex)}</dd>
        </div>
        <div>
          <dt>{t('caseFile.ageLabel')}</dt>
          <dd>{age}</dd>
        </div>
        <div>
          <dt>{t('caseFile.nationality')}</dt>
          <dd>{countryName(person.nationality)}</dd>
        </div>
        <div>
          <dt>{t('caseFile.statusLabel')}</dt>
          <dd>
            {codeLabel('caseStatus', person.caseStatus)}
            {person.closureReason &&
              ` (${codeLabel('closureReason', person.closureReason)}${person.closureDetail ? `: ${person.closureDetail}` : ''})`}
          </dd>
        </div>
        <div>
          <dt>{t('caseFile.consent')}</dt>
          <dd>{consent}</dd>
        </div>
        <div>
          <dt>{t('caseFile.syncState')}</dt>
          <dd>
            <RecordState record={record} />
          </dd>
        </div>
      </dl>
    </header>
  )
}

function CaseNumber({ number }: { number: string | undefined }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  if (!number) return <p className="case-number-block">{t('caseFile.noCaseNumber')}</p>
  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text)
      setCopied(true)
    } catch {
      // no clipboard (an old browser, no permission): the number stays selectable
      setCopied(false)
    }
  }
  return (
    <div className="case-number-block">
      <span className="case-number-label">{t('caseFile.caseNumber')}</span>
      <strong className="case-number large case-number-value" dir="ltr">
        {number}
      </strong>
      <button type="button" onClick={() => void copy(number)} aria-label={t('caseFile.copyNumber', { number })}>
        {t('caseFile.copy')}
      </button>
      <span role="status" className="copied">
        {copied ? t('caseFile.copied') : ''}
      </span>
    </div>
  )
}
