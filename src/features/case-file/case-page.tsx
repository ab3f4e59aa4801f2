/**
 * One case, opened (route `cases/:id`): its header, what can be done to it, its
 * referrals, the parts of its file and its timeline. Only this case and its linked
 * records are decrypted; the page follows every save and pull live. Typing in its forms
 * is kept as a draft of the case and opens again after a reload (panel-draft.ts).
 */
import { useSuspendingLiveQuery } from 'dexie-react-hooks'
import { useDeferredValue, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useDb, useSession } from '@/components/app-context'
import { SavedNotice } from '@/components/saved-notice'
import { useSites } from '@/components/use-records'
import { mayUseSite } from '@/shared/roles'
import { AssistanceForm } from './assistance-form'
import { ConsentWithdrawnContext } from './free-text-hint'
import { CaseHeader } from './case-header'
import { CaseReferrals } from './case-referrals'
import { loadCaseFile } from '@/data/case-file'
import { formsToReopen } from './panel-draft'
import { CaseSections } from './case-sections'
import { ReferralForm } from './referral-form'
import { StatusForm } from './status-form'
import { Timeline } from './timeline'
import { TransferPanel } from './transfer-panel'
import { WithdrawConsentPanel } from './withdraw-consent-panel'
import './case-file.css'

type Panel = 'assistance' | 'referral' | 'status' | 'transfer' | 'withdraw'

const PANEL_LABELS: Record<Panel, string> = {
  assistance: 'caseFile.recordAssistance',
  referral: 'caseFile.refer',
  status: 'caseFile.changeStatus',
  transfer: 'caseFile.transfer',
  withdraw: 'caseFile.withdraw.open',
}

export function CasePage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const db = useDb()
  const { user } = useSession()
  const sites = useSites()
  // suspends until read: the tap's transition keeps the list on screen meanwhile, and the
  // case is drawn in one go, without a "Loading" drawn and laid out first. The hook keeps
  // the file 3 s after the page is left (a quick return draws at once), then drops it
  const file = useSuspendingLiveQuery(() => loadCaseFile(db, id), ['case-file', db, id])
  const [panel, setPanel] = useState<Panel | null>(null)
  // every panel opened and not yet saved or cancelled stays drawn (hidden when another is
  // open): switching from a half-typed referral to a status and back keeps the typing
  const [kept, setKept] = useState<readonly Panel[]>([])
  const [saved, setSaved] = useState<string | null>(null)
  // a transfer's household members that could not go along, each said with why
  const [notTransferred, setNotTransferred] = useState<readonly string[]>([])
  const lastPanel = useRef<Panel | null>(null)
  // after a reload, the forms whose typing was kept open again, the last typed in front
  const [reopenOutcome, setReopenOutcome] = useState<string | null>(null)
  const panelTakesFocus = useRef(true)
  const referralIds = file?.referrals.map((r) => r.id).join(' ') ?? ''
  useEffect(() => {
    let cancelled = false
    void formsToReopen(db, id, referralIds.split(' ').filter(Boolean), () => !cancelled)
      .then(({ panels: drafted, outcome, outcomeLast }) => {
        if (outcome) setReopenOutcome(outcome)
        if (drafted.length === 0) return
        panelTakesFocus.current = !outcomeLast
        setKept((open) => [...open, ...drafted.filter((p) => !open.includes(p))])
        setPanel((open) => open ?? drafted[0] ?? null)
      })
      .catch(() => undefined) // drafts that cannot be read leave the page as it is
    return () => {
      cancelled = true
    }
  }, [db, id, referralIds])
  // after a save whose button may go (a transfer away takes the case's actions with it),
  // focus goes to the case's title instead: the saved notice right below it says what happened
  const focusTitleNext = useRef(false)
  // the parts of the file, below the timeline, are drawn just after the rest (a deferred
  // render): the top of the case shows without waiting for what is below it
  const showSections = useDeferredValue(true, false)
  // an opened panel takes focus (its title), so that a screen reader starts there; once it
  // closes (saved or cancelled) focus goes back to the button that opened it, not to the page's top
  useEffect(() => {
    // a referral's outcome typed after the panels reopened with it takes focus instead
    const takesFocus = panelTakesFocus.current
    panelTakesFocus.current = true
    if (panel) {
      if (takesFocus) document.getElementById(`${panel}-title`)?.focus()
    } else if (focusTitleNext.current) {
      focusTitleNext.current = false
      document.getElementById('case-title')?.focus()
    } else if (lastPanel.current) {
      const opener = document.getElementById(`case-action-${lastPanel.current}`)
      ;(opener ?? document.querySelector<HTMLElement>('.case-actions button'))?.focus()
    }
    lastPanel.current = panel
  }, [panel])

  if (file === null) {
    return (
      <section aria-labelledby="case-title">
        <h1 id="case-title">{t('caseFile.notHere')}</h1>
        <p>{t('caseFile.notHereHint')}</p>
        <Link to="/cases" className="standalone-link">
          {t('caseFile.backToCases')}
        </Link>
      </section>
    )
  }

  const record = file.registration
  // a panel saved or cancelled is closed for good: its form starts empty next time
  const close = (p: Panel) => {
    setKept((open) => open.filter((k) => k !== p))
    setPanel((open) => (open === p ? null : open))
  }
  const done =
    (p: Panel, message: string, notes: readonly string[] = []) =>
    () => {
      close(p)
      setSaved(message)
      setNotTransferred(notes)
    }
  const cancel = (p: Panel) => () => close(p)
  const siteName = (code: string) => sites?.find((s) => s.code === code)?.name ?? code
  // a case transferred to a centre the user does not work at waits here until it is sent
  const movedAway = !mayUseSite(user, record.data.siteCode)
  // the server refused the case's last change (the header says why): no "saved", no "moved"
  const refused = record.state === 'rejected' || record.state === 'conflict'
  const panels: Panel[] = movedAway ? [] : ['assistance', 'referral', 'status', 'transfer']
  if (!movedAway && record.data.consentProcessing) panels.push('withdraw')
  // drawn when opened and still to be saved or cancelled; only the open one shows
  const drawn = (p: Panel) => kept.includes(p) && panels.includes(p)
  const shown = (p: Panel) => ({ hidden: panel !== p })
  // the forms' free text says it is not kept once the person withdrew consent (free-text-hint.ts)
  const withdrawn = !record.data.consentProcessing && file.events.some((e) => e.data.kind === 'consent_withdrawn')

  return (
    <ConsentWithdrawnContext.Provider value={withdrawn}>
      <article aria-labelledby="case-title" className="case-page">
        <p>
          {/* the list puts this case's row back in view and in focus */}
          <Link to="/cases" state={{ backFrom: id }} className="standalone-link">
            {t('caseFile.backToCases')}
          </Link>
        </p>
        <CaseHeader record={record} />
        <SavedNotice show={saved !== null && !refused} message={saved ?? undefined} />
        {saved !== null && notTransferred.length > 0 && (
          <div className="notice household-warning" role="alert">
            {notTransferred.map((line) => (
              <p key={line}>
                <span aria-hidden="true">⚠ </span>
                {line}
              </p>
            ))}
          </div>
        )}
        {movedAway && !refused && (
          <p className="notice">{t('caseFile.movedAway', { centre: siteName(record.data.siteCode) })}</p>
        )}
        <nav aria-label={t('caseFile.actions')} className="case-actions">
          {panels.map((p) => (
            <button
              key={p}
              id={`case-action-${p}`}
              type="button"
              className={p === 'withdraw' ? 'danger' : undefined}
              aria-expanded={panel === p}
              onClick={() => {
                setSaved(null)
                setPanel(panel === p ? null : p)
                if (!kept.includes(p)) setKept([...kept, p])
              }}
            >
              {t(PANEL_LABELS[p])}
            </button>
          ))}
          {/* a family member who comes later joins this case's household (the registration
            screen gives the case one when it has none), as from the "case saved" screen */}
          {!movedAway && record.data.consentProcessing && (
            <Link to="/register" state={{ familyOf: record.id }} className="button" id="case-action-family">
              {t('registration.registerFamilyMember')}
            </Link>
          )}
        </nav>
        {drawn('assistance') && (
          <div {...shown('assistance')}>
            <AssistanceForm
              record={record}
              onSaved={done('assistance', t('caseFile.savedAssistance'))}
              onCancel={cancel('assistance')}
            />
          </div>
        )}
        {drawn('referral') && (
          <div {...shown('referral')}>
            <ReferralForm
              record={record}
              onSaved={done('referral', t('caseFile.savedReferral'))}
              onCancel={cancel('referral')}
            />
          </div>
        )}
        {drawn('status') && (
          <div {...shown('status')}>
            <StatusForm
              record={record}
              onSaved={done('status', t('caseFile.savedStatus'))}
              onCancel={cancel('status')}
            />
          </div>
        )}
        {drawn('transfer') && (
          <div {...shown('transfer')}>
            <TransferPanel
              record={record}
              events={file.events}
              onSaved={(toSite, count, left) => {
                focusTitleNext.current = true
                const centre = siteName(toSite)
                done(
                  'transfer',
                  count > 1
                    ? t('caseFile.transferHousehold.saved', { count, centre })
                    : t('caseFile.savedTransfer', { centre }),
                  left,
                )()
              }}
              onCancel={cancel('transfer')}
            />
          </div>
        )}
        {drawn('withdraw') && (
          <div {...shown('withdraw')}>
            <WithdrawConsentPanel
              record={record}
              onSaved={done('withdraw', t('caseFile.savedWithdrawal'))}
              onCancel={cancel('withdraw')}
            />
          </div>
        )}
        <CaseReferrals
          record={record}
          referrals={file.referrals}
          canUpdate={!movedAway}
          reopen={reopenOutcome}
          onSaved={() => {
            setPanel(null)
            setSaved(t('caseFile.savedReferralUpdate'))
            setNotTransferred([])
          }}
        />
        <Timeline file={file} siteName={siteName} />
        {showSections && <CaseSections record={record} events={file.events} siteName={siteName} />}
      </article>
    </ConsentWithdrawnContext.Provider>
  )
}
