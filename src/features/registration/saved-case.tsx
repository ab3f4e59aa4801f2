/**
 * After a new case is saved: its case number, large, to copy onto the person's card. And
 * the question asked when a family member is to be registered over an unfinished form.
 */
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { SavedNotice } from '@/components/saved-notice'

export interface SavedCase {
  id: string
  caseNumber?: string | undefined
  named: boolean
}

interface SavedCaseProps {
  saved: SavedCase
  onFamilyMember(): void
  onAnother(): void
}

export function SavedCasePanel({ saved, onFamilyMember, onAnother }: SavedCaseProps) {
  const { t } = useTranslation()
  // the form and its Save button are gone: the heading takes focus, read out first
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section aria-labelledby="saved-case-title" className="saved-case">
      <h1 id="saved-case-title" ref={heading} tabIndex={-1}>
        {t('registration.savedTitle')}
      </h1>
      <SavedNotice show />
      {saved.caseNumber ? (
        <>
          <p id="saved-case-number-label">{t('registration.caseNumber')}</p>
          <p
            className="case-number"
            aria-labelledby="saved-case-number-label"
            style={{ fontSize: '2.5rem', fontWeight: 700, letterSpacing: '0.08em', margin: '0.25rem 0' }}
          >
            <bdi dir="ltr">{saved.caseNumber}</bdi>
          </p>
          <p className="hint">{t('registration.copyToCard')}</p>
        </>
      ) : (
        <p className="notice">{t('registration.noCaseNumber')}</p>
      )}
      <div className="form-actions">
        {saved.named && (
          <button type="button" className="primary" onClick={onFamilyMember}>
            {t('registration.registerFamilyMember')}
          </button>
        )}
        <button type="button" onClick={onAnother}>
          {t('registration.registerAnother')}
        </button>
        <Link to={`/cases/${saved.id}`} className="button">
          {t('registration.openCase')}
        </Link>
        <Link to="/cases" className="button">
          {t('home.cases')}
        </Link>
      </div>
    </section>
  )
}

interface FamilyOverDraftProps {
  onKeep(): void
  onReplace(): void
}

/** "Register a family member" from a case page while another registration is unfinished: never lose typing. */
export function FamilyOverDraft({ onKeep, onReplace }: FamilyOverDraftProps) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="family-over-draft-title">
      <h1 id="family-over-draft-title">{t('registration.registerFamilyMember')}</h1>
      <p className="notice" role="note">
        <span aria-hidden="true">⚠ </span>
        {t('registration.familyOverDraft.question')}
      </p>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onKeep}>
          {t('registration.familyOverDraft.keep')}
        </button>
        <button type="button" onClick={onReplace}>
          {t('registration.familyOverDraft.replace')}
        </button>
      </div>
    </section>
  )
}
