/**
 * Registers a person at a transit centre, in steps (registration-wizard.tsx). After the
 * save: the case number, and a way to register a family member into the same household
 * group.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'react-router'
import { useDb, useSession } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { useDraft } from '@/components/use-draft'
import { useMySites } from '@/components/use-records'
import { newId } from '@/shared/ids'
import type { Registration } from '@/shared/schemas/registration'
import { parseRegistrationDraft, type RegistrationDraft } from './registration-draft'
import { emptyRegistration, REGISTRATION_DRAFT_KEY, type RegistrationBase } from './registration-values'
import { RegistrationWizard } from './registration-wizard'
import { householdGroupFor, registerCase, sessionCaseCode } from './save-case'
import { SavedCasePanel, type SavedCase } from './saved-case'

const newBase = (userId: string): RegistrationBase => ({
  id: newId(),
  createdAt: new Date().toISOString(),
  registeredBy: userId,
  caseStatus: 'registered',
})

const freshDraft = (): RegistrationDraft => ({ values: emptyRegistration(siteDay()), step: 'consent' })

export function RegistrationForm() {
  const { t } = useTranslation()
  const db = useDb()
  const session = useSession()
  const sites = useMySites('transit_centre')
  const draft = useDraft<RegistrationDraft>(REGISTRATION_DRAFT_KEY, freshDraft, parseRegistrationDraft)
  const location = useLocation()
  // the case just saved, shown until the registrar moves on (opening the form again included)
  const [saved, setSaved] = useState<(SavedCase & { record: Registration; at: string }) | null>(null)
  const [round, setRound] = useState(0)
  const userId = session.user.id
  // what a new case carries besides its values (its id and times are set at the save);
  // a new round (a family member, a discarded draft) is a new case
  const [base, setBase] = useState(() => newBase(userId))
  const nextRound = () => {
    setBase(newBase(userId))
    setRound((r) => r + 1)
  }

  if (!draft.loaded || !sites) return <p role="status">{t('app.loading')}</p>

  async function save(data: Registration) {
    const record = await registerCase(db, data, sessionCaseCode(session))
    await draft.clear()
    setSaved({
      id: record.id,
      caseNumber: record.caseNumber,
      named: record.consentProcessing,
      record,
      at: location.key,
    })
  }

  async function familyMember(first: SavedCase & { record: Registration }) {
    const groupId = await householdGroupFor(db, first.id, userId)
    const values = {
      ...emptyRegistration(siteDay(), first.record.siteCode),
      registeredOn: first.record.registeredOn,
      entryChannel: first.record.entryChannel,
      ...(groupId ? { inGroup: 'yes' as const, householdGroupId: groupId } : {}),
    }
    const head = first.record.consentProcessing ? first.record : undefined
    const joins =
      groupId && head
        ? { groupId, name: `${head.givenName} ${head.familyName}`, caseNumber: head.caseNumber }
        : undefined
    draft.setValues(() => ({ values, step: 'consent', joins }))
    setSaved(null)
    nextRound()
  }

  if (saved && saved.at === location.key) {
    return (
      <SavedCasePanel
        saved={saved}
        onFamilyMember={() => void familyMember(saved)}
        onAnother={() => {
          setSaved(null)
          nextRound()
        }}
      />
    )
  }
  return (
    <RegistrationWizard
      key={round}
      title={t('registration.title')}
      draft={draft}
      base={base}
      sites={sites}
      onSave={save}
      onDiscarded={nextRound}
      discardLabel={t('registration.discardDraft')}
    />
  )
}
