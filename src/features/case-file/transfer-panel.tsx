/**
 * Transfers a case to another transit centre (any active one, not only the user's):
 * pick the centre, then confirm in plain words what happens to the case on this phone.
 * The confirmation lists the household members registered with the case: those at the
 * same centre move with it unless unticked (each as its own transfer), the others (at
 * another centre, or merged into another case) are said to be where they are, and a child who would be parted from every adult of the
 * household is warned about. A ticked member whose case left this centre while the
 * confirmation was open (a sync) stays out of the transfer, and the case page says who and
 * why, while the others go (transfer-members.ts). Focus follows each step: the
 * confirmation's title, back to the centre's field.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb, useSession } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { SelectField } from '@/components/form-fields'
import { useSites } from '@/components/use-records'
import type { CaseSummary } from '@/cases/case-finder'
import type { LocalRecord } from '@/data/records'
import { ageOn } from '@/shared/schemas/registration'
import { transferCases } from './case-actions'
import { ageToday, isChild, useHousehold, type HouseholdMember } from './household'
import { MergedNote, UnseenNotes, useWhereaboutsText } from './household-list'
import { memberName } from './related-cases'
import { transferFailureKey } from './transfer-failure'
import { membersAt, type MembersNow } from './transfer-members'
import { BusyButton } from '@/components/busy-button'

interface Props {
  record: LocalRecord<'registration'>
  /** the case's events: its household events say who of the household the phone cannot see */
  events: readonly LocalRecord<'caseEvent'>[]
  /**
   * `count`: the cases transferred, this one included; `notTransferred`: why each ticked
   * member whose case left this centre while the confirmation was open did not go along
   */
  onSaved(toSite: string, count: number, notTransferred: readonly string[]): void
  onCancel(): void
}

/** One person of the household at this case's centre, as the confirmation weighs them. */
interface Person {
  id: string
  name: string
  child: boolean
}

export function TransferPanel({ record, events, onSaved, onCancel }: Props) {
  const { t } = useTranslation()
  const db = useDb()
  const { user } = useSession()
  const sites = useSites()
  const [toSite, setToSite] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  // members are ticked by default: the ones the registrar unticked stay
  const [staying, setStaying] = useState<ReadonlySet<string>>(new Set())
  const household = useHousehold(record, events)
  const siteName = (code: string) => sites?.find((s) => s.code === code)?.name ?? code
  const where = useWhereaboutsText(siteName)
  const centres = (sites ?? []).filter(
    (s) => s.kind === 'transit_centre' && s.active && s.code !== record.data.siteCode,
  )
  const centreName = centres.find((s) => s.code === toSite)?.name ?? toSite
  const here = record.data.siteCode
  const today = siteDay()
  const sameCentre = household.members.filter((m) => m.elsewhere === undefined)
  const elsewhere = household.members.filter((m) => m.elsewhere !== undefined)
  const moving = sameCentre.filter((m) => !staying.has(m.summary.id))
  const leftBehind = sameCentre.filter((m) => staying.has(m.summary.id))

  // each step's title or first field takes focus as it shows (the button pressed is gone)
  const shownBefore = useRef(false)
  useEffect(() => {
    if (confirming) document.getElementById('transfer-confirm-title')?.focus()
    else if (shownBefore.current) document.getElementById('transfer-site')?.focus()
    shownBefore.current = true
  }, [confirming])

  const person = (m: HouseholdMember): Person => ({
    id: m.summary.id,
    name: memberName(m.summary, t('caseFile.anonymousCase')),
    child: isChild(ageToday(m.summary, today)),
  })
  const self = record.data
  const selfPerson: Person = {
    id: self.id,
    name: self.consentProcessing ? `${self.givenName} ${self.familyName}` : t('caseFile.anonymousCase'),
    child: self.consentProcessing && ageOn(self.dateOfBirth, today) < 18,
  }
  const goers = [selfPerson, ...moving.map(person)]
  const stayers = leftBehind.map(person)
  const hasAdult = (people: Person[]) => people.some((p) => !p.child)
  // a child parted from every adult of the household at this centre, on either side
  const childrenLeftAlone = hasAdult(goers) && !hasAdult(stayers) ? stayers.filter((p) => p.child) : []
  const childrenMovingAlone = hasAdult(stayers) && !hasAdult(goers) ? goers.filter((p) => p.child) : []
  const count = 1 + moving.length
  const notTransferred = ({ member, reason }: MembersNow['notHere'][number]) => {
    const name = memberName(member.summary, t('caseFile.anonymousCase'))
    return reason.why === 'gone'
      ? t('caseFile.transferHousehold.notTransferredGone', { name })
      : t('caseFile.transferHousehold.notTransferredMoved', { name, centre: siteName(reason.site) })
  }

  async function confirm() {
    setSaving(true)
    try {
      // as stored now: a sync may have taken a member's case away since the list was drawn
      const [going, staying] = await Promise.all([membersAt(db, moving, here), membersAt(db, leftBehind, here)])
      const plan = { moving: [record.data, ...going.here], staying: staying.here, toSite }
      await transferCases(db, plan, { userId: user.id, role: user.role })
      onSaved(toSite, plan.moving.length, going.notHere.map(notTransferred))
    } catch (e) {
      // nothing of it was saved (transferCases): say what failed, the user may try again
      setSaving(false)
      setError(transferFailureKey(e))
    }
  }

  return (
    <section className="case-panel" aria-labelledby="transfer-title">
      <h2 id="transfer-title" tabIndex={-1}>
        {t('caseFile.transfer')}
      </h2>
      {error && (
        <p className="form-problem" role="alert">
          {t(error)}
        </p>
      )}
      {!confirming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (toSite === '') setError('caseFile.errors.chooseCentre')
            else {
              setError(null)
              setConfirming(true)
            }
          }}
          noValidate
        >
          <SelectField
            id="transfer-site"
            label={t('caseFile.transferTo')}
            value={toSite}
            onChange={(v) => {
              setToSite(v)
              setError(null)
            }}
            options={centres.map((s) => ({ value: s.code, label: s.name }))}
            error={error === 'caseFile.errors.chooseCentre' ? t(error) : undefined}
            required
          />
          <div className="form-actions">
            <button type="submit" className="primary">
              {t('caseFile.transferNext')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('caseFile.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div role="group" aria-labelledby="transfer-confirm-title" aria-describedby="transfer-confirm-text">
          <h3 id="transfer-confirm-title" tabIndex={-1}>
            {t('caseFile.transferHousehold.confirmTitle', { centre: centreName })}
          </h3>
          <p id="transfer-confirm-text" className="notice">
            {t('caseFile.transferConfirmText', { centre: centreName })}
          </p>
          {household.members.length + household.merged.length > 0 && (
            <fieldset className="field choice-group household-choice">
              <legend>{t('caseFile.transferHousehold.members')}</legend>
              {sameCentre.length > 0 && (
                <p className="hint">{t('caseFile.transferHousehold.membersHint', { centre: centreName })}</p>
              )}
              {sameCentre.map((m) => (
                <label key={m.summary.id} className="choice">
                  <input
                    type="checkbox"
                    checked={!staying.has(m.summary.id)}
                    onChange={(e) => {
                      const next = new Set(staying)
                      if (e.target.checked) next.delete(m.summary.id)
                      else next.add(m.summary.id)
                      setStaying(next)
                    }}
                  />
                  <MemberLine summary={m.summary} today={today} />
                </label>
              ))}
              {/* not moved by this transfer: at another centre, or merged into another case */}
              {elsewhere.length + household.merged.length > 0 && (
                <ul className="household-elsewhere-list">
                  {elsewhere.map((m) => (
                    <li key={m.summary.id}>
                      <MemberLine summary={m.summary} today={today} />
                      {m.elsewhere && <> — {where(m.elsewhere)}</>}
                    </li>
                  ))}
                  {household.merged.map((m) => (
                    <li key={m.summary.id}>
                      <MemberLine summary={m.summary} today={today} /> —{' '}
                      <MergedNote survivor={m.survivor} linked={false} />
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
          )}
          <UnseenNotes unseen={household.unseen} siteName={siteName} />
          {/* said as it changes: unticking the last adult warns at once */}
          <div aria-live="polite">
            {childrenLeftAlone.length > 0 && (
              <ChildrenWarning
                title={t('caseFile.transferHousehold.childrenLeftAlone', { centre: siteName(here) })}
                people={childrenLeftAlone}
              />
            )}
            {childrenMovingAlone.length > 0 && (
              <ChildrenWarning
                title={t('caseFile.transferHousehold.childrenMovingAlone', { centre: centreName })}
                people={childrenMovingAlone}
              />
            )}
          </div>
          <div className="form-actions">
            <BusyButton className="primary" busy={saving} onClick={() => void confirm()}>
              {saving
                ? t('form.saving')
                : count > 1
                  ? t('caseFile.transferHousehold.confirm', { count, centre: centreName })
                  : t('caseFile.transferConfirm', { centre: centreName })}
            </BusyButton>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('caseFile.back')}
            </button>
          </div>
        </div>
      )}
    </section>
  )
}

/** "Zara Issa · AGZ-PR-0002 · 8 years · Child" */
function MemberLine({ summary, today }: { summary: CaseSummary; today: string }) {
  const { t } = useTranslation()
  const age = ageToday(summary, today)
  return (
    <span>
      {memberName(summary, t('caseFile.anonymousCase'))}
      {summary.caseNumber && (
        <>
          {' · '}
          <bdi dir="ltr">{summary.caseNumber}</bdi>
        </>
      )}
      {age !== undefined && ` · ${t('caseFile.age', { count: age })}`}
      {isChild(age) && (
        <>
          {' · '}
          <strong className="child-tag">{t('caseFile.transferHousehold.child')}</strong>
        </>
      )}
    </span>
  )
}

function ChildrenWarning({ title, people }: { title: string; people: readonly Person[] }) {
  return (
    <div className="notice household-warning" role="note">
      <p>
        <span aria-hidden="true">⚠ </span>
        <strong>{title}</strong>
      </p>
      <ul>
        {people.map((p) => (
          <li key={p.id}>{p.name}</li>
        ))}
      </ul>
    </div>
  )
}
