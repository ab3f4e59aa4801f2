/**
 * Registers a person at a transit centre, in steps (registration-wizard.tsx). After the
 * save: the case number, and a way to register a family member into the same household
 * group. A case page asks for a family member too, later: it opens this screen with
 * `{ familyOf: <case id> }` as the location's state.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useNavigate } from 'react-router'
import { useDb, useSession } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { useDraft } from '@/components/use-draft'
import { useMySites } from '@/components/use-records'
import { newId } from '@/shared/ids'
import type { Registration } from '@/shared/schemas/registration'
import { parseRegistrationDraft, type RegistrationDraft } from './registration-draft'
import type { RegistrationBase } from './registration-validation'
import { emptyRegistration, REGISTRATION_DRAFT_KEY, type RegistrationValues } from './registration-values'
import { RegistrationWizard } from './registration-wizard'
import { householdGroupFor, registerCase, sessionCaseCode } from './save-case'
import { FamilyOverDraft, SavedCasePanel, type SavedCase } from './saved-case'

const newBase = (userId: string): RegistrationBase => ({
  id: newId(),
  createdAt: new Date().toISOString(),
  registeredBy: userId,
  caseStatus: 'registered',
})

const freshDraft = (): RegistrationDraft => ({ values: emptyRegistration(siteDay()), step: 'consent' })

/** The case whose family member a case page asked to register (the location's state), if any. */
function familyOfState(state: unknown): string | undefined {
  const familyOf = (state as { familyOf?: unknown } | null)?.familyOf
  return typeof familyOf === 'string' && familyOf !== '' ? familyOf : undefined
}

/**
 * Fields a family member's form fills in by itself (and the form's own defaults): a
 * draft that differs from an empty form only there holds no typing to lose.
 */
const PREFILLED = new Set<string>([
  'siteCode',
  'registeredOn',
  'consentDate',
  'entryChannel',
  'inGroup',
  'householdGroupId',
])

function holdsTyping(values: RegistrationValues): boolean {
  const empty = emptyRegistration(values.registeredOn) as unknown as Record<string, unknown>
  return Object.entries(values).some(
    ([field, value]) => !PREFILLED.has(field) && JSON.stringify(value) !== JSON.stringify(empty[field]),
  )
}

export function RegistrationForm() {
  const { t } = useTranslation()
  const db = useDb()
  const session = useSession()
  const sites = useMySites('transit_centre')
  // the centre, the days and a family member's household fill themselves in: not typing
  const draft = useDraft<RegistrationDraft>(REGISTRATION_DRAFT_KEY, freshDraft, parseRegistrationDraft, (d) =>
    holdsTyping(d.values),
  )
  const location = useLocation()
  const navigate = useNavigate()
  // the case just saved, shown until the registrar moves on (opening the form again included)
  const [saved, setSaved] = useState<(SavedCase & { record: Registration; at: string }) | null>(null)
  const [round, setRound] = useState(0)
  // a form opened from another of this screen's buttons (a family member, another person)
  // takes focus on its title, as a form opened from home does: the button is gone
  const [focusTitle, setFocusTitle] = useState(false)
  const userId = session.user.id
  // what a new case carries besides its values (its id and times are set at the save);
  // a new round (a family member, a discarded draft) is a new case
  const [base, setBase] = useState(() => newBase(userId))
  const nextRound = () => {
    setBase(newBase(userId))
    setRound((r) => r + 1)
    setFocusTitle(true)
  }
  // a case page's "Register a family member", taken up once the draft is read: a draft
  // with typing in it is not replaced without asking
  const familyOf = familyOfState(location.state)
  const asking = familyOf !== undefined && draft.loaded && draft.restored && holdsTyping(draft.values.values)
  const takenUp = useRef<string | null>(null)
  // the request is dropped once answered: a reload or Back lands on the form, not on a new family member
  const dropRequest = () => void navigate(location.pathname, { replace: true, state: null })

  async function familyMember(caseId: string, sameVisit: boolean) {
    const { groupId, record: first } = await householdGroupFor(db, caseId, userId)
    const values = {
      ...emptyRegistration(siteDay(), first?.siteCode),
      // registered in the same visit as the first person: the same day
      ...(first && sameVisit ? { registeredOn: first.registeredOn } : {}),
      ...(first ? { entryChannel: first.entryChannel } : {}),
      ...(groupId ? { inGroup: 'yes' as const, householdGroupId: groupId } : {}),
    }
    const head = first?.consentProcessing ? first : undefined
    const joins =
      groupId && head
        ? { groupId, name: `${head.givenName} ${head.familyName}`, caseNumber: head.caseNumber }
        : undefined
    if (draft.restored) await draft.clear() // a new form: no "your unfinished form was restored"
    draft.setValues(() => ({ values, step: 'consent', joins }))
    setSaved(null)
    nextRound()
  }

  useEffect(() => {
    if (!draft.loaded || familyOf === undefined || asking || takenUp.current === location.key) return
    takenUp.current = location.key // once, even if the effect runs again while the group is given
    void familyMember(familyOf, false).finally(dropRequest)
    // acts once per request; the draft and the functions are read as they are then
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.loaded, familyOf, asking])

  if (!draft.loaded || !sites) return <p role="status">{t('app.loading')}</p>
  if (asking) {
    return (
      <FamilyOverDraft
        onKeep={() => {
          setFocusTitle(true)
          dropRequest()
        }}
        onReplace={() => {
          takenUp.current = location.key
          void familyMember(familyOf, false).finally(dropRequest)
        }}
      />
    )
  }
  if (familyOf !== undefined) return <p role="status">{t('app.loading')}</p>

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

  if (saved && saved.at === location.key) {
    return (
      <SavedCasePanel
        saved={saved}
        onFamilyMember={() => void familyMember(saved.id, true)}
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
      focusTitle={focusTitle}
      onSave={save}
      onDiscarded={nextRound}
      discardLabel={t('registration.discardDraft')}
    />
  )
}
